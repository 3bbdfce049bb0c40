package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What {@link PowerLossCheck} found in a store after a power loss, and the checks of it against what the writer
 * acknowledged: positions dense from 1, each event stored once and byte for byte as a writer wrote it, stream
 * versions dense and read alike through the stream, everything the previous check saw still there, and every
 * acknowledged event either at its acknowledged position or (lost) beyond the head.
 */
final class PowerLossDump {

    /** An event of the global log, its data given by its SHA-256. */
    record Stored(long position, String streamId, long version, UUID eventId, String type, String sha) {
    }

    /** The result of one cut: acknowledged events lost, events kept that nobody saw acknowledged. */
    record Outcome(long lost, long inFlightKept, PowerLossTester.Ack firstLost) {
    }

    private final List<Stored> events;
    private final List<String> streamChecks;
    private final Stored appended;
    private final long head;
    private final String log;
    private final String bootId;

    private PowerLossDump(List<Stored> events, List<String> streamChecks, Stored appended, long head, String log,
            String bootId) {
        this.bootId = bootId;
        this.events = events;
        this.streamChecks = streamChecks;
        this.appended = appended;
        this.head = head;
        this.log = log;
    }

    static PowerLossDump parse(List<String> lines, String log) {
        List<Stored> events = new ArrayList<>();
        List<String> streamChecks = new ArrayList<>();
        Stored appended = null;
        long head = -1;
        String bootId = null;
        for (String line : lines) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "EVENT" -> events.add(new Stored(Long.parseLong(parts[1]), parts[2], Long.parseLong(parts[3]),
                        UUID.fromString(parts[4]), parts[5], parts[6]));
                case "STREAM" -> streamChecks.add(line);
                case "APPENDED" -> appended = new Stored(Long.parseLong(parts[1]), parts[3], Long.parseLong(parts[4]),
                        UUID.fromString(parts[2]), PowerLossWriter.TYPE, sha(UUID.fromString(parts[2]), parts[3]));
                case "SUMMARY" -> head = Long.parseLong(parts[1]);
                case "BOOT" -> bootId = parts[1];
                default -> throw new AssertionError("unexpected line in the check's dump: " + line);
            }
        }
        assertThat(head).as("the check's summary; its output:%n%s", log).isNotNegative();
        assertThat(appended).as("the check's append after reopening; its output:%n%s", log).isNotNull();
        return new PowerLossDump(events, streamChecks, appended, head, log, bootId);
    }

    /** Checks this dump; {@code before} is what the store held after the previous cut (all of it must remain). */
    Outcome verify(List<Stored> before, List<PowerLossTester.Ack> acks, String where) {
        String at = where + ": ";
        assertThat(events).as(at + "events read from 1 up to the head %d", head).hasSize((int) head);
        Set<UUID> ids = new HashSet<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Stored event = events.get(i);
            assertThat(event.position()).as(at + "dense positions").isEqualTo(i + 1);
            assertThat(ids.add(event.eventId())).as(at + "%s stored once", event).isTrue();
            assertThat(event.type()).as(at + "type of %s", event).isEqualTo(PowerLossWriter.TYPE);
            assertThat(event.sha()).as(at + "data of %s is what a writer wrote", event)
                    .isEqualTo(sha(event.eventId(), event.streamId()));
            long expected = versions.merge(event.streamId(), 0L, (last, zero) -> last + 1);
            assertThat(event.version()).as(at + "dense versions in %s", event.streamId()).isEqualTo(expected);
        }
        assertThat(streamChecks).as(at + "each stream read on its own agrees with the global log")
                .allMatch(line -> line.endsWith(" OK")).hasSize(versions.size());
        assertThat(appended.position()).as(at + "position of the append after reopening").isEqualTo(head + 1);
        assertThat(appended.version()).as(at + "version of the append after reopening")
                .isEqualTo(versions.getOrDefault(appended.streamId(), -1L) + 1);
        assertThat(head).as(at + "head; the previous check saw %d events", before.size())
                .isGreaterThanOrEqualTo(before.size());
        for (Stored earlier : before) {
            assertThat(events.get((int) earlier.position() - 1)).as(at + "event seen after the previous cut")
                    .isEqualTo(earlier);
        }
        long lost = 0;
        PowerLossTester.Ack firstLost = null;
        Set<UUID> acknowledged = new HashSet<>();
        for (PowerLossTester.Ack ack : acks) {
            acknowledged.add(ack.eventId());
            assertThat(ack.position()).as(at + "%s after what the previous check saw", ack)
                    .isGreaterThan(before.size());
            if (ack.position() > head) {
                lost++;
                firstLost = firstLost == null || ack.position() < firstLost.position() ? ack : firstLost;
                continue;
            }
            Stored stored = events.get((int) ack.position() - 1);
            assertThat(List.of(stored.eventId(), stored.streamId(), stored.version()))
                    .as(at + "event at acknowledged position %d: %s, acknowledged %s (a hole, not a lost tail)",
                            ack.position(), stored, ack)
                    .isEqualTo(List.of(ack.eventId(), ack.streamId(), ack.version()));
        }
        long inFlight = events.stream().skip(before.size()).filter(e -> !acknowledged.contains(e.eventId())).count();
        return new Outcome(lost, inFlight, firstLost);
    }

    /** What the store holds after the check: the events it read and the one it appended. */
    List<Stored> afterCheck() {
        List<Stored> after = new ArrayList<>(events);
        after.add(appended);
        return after;
    }

    /** The boot id the check saw. */
    String bootId() {
        return bootId;
    }

    long head() {
        return head;
    }

    String log() {
        return log;
    }

    /** The reopening's WARN and ERROR lines (for example how many positions it dropped), for the test's output. */
    String notableLog() {
        String notable = log.lines().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                .map(line -> "\n      " + line).collect(Collectors.joining());
        return notable.isEmpty() ? "" : notable;
    }

    /** The SHA-256 of the payload a writer gives this event. */
    static String sha(UUID eventId, String streamId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(PowerLossWriter.payloadOf(eventId, streamId)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
