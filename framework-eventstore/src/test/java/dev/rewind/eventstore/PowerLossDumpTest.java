package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The power-loss checks themselves, on made-up dumps: they pass a good one and catch each kind of damage. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PowerLossDumpTest {

    private final List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    @Test
    void a_good_dump_passes_and_counts_the_lost_tail_and_the_kept_in_flight_event() {
        // given: 3 events stored, the first 2 and a 4th acknowledged
        PowerLossDump dump = dump(List.of(event(1, "s", 0, ids.get(0)), event(2, "s", 1, ids.get(1)),
                event(3, "t", 0, ids.get(2))));
        List<PowerLossTester.Ack> acks = List.of(ack(1, ids.get(0), "s", 0), ack(2, ids.get(1), "s", 1),
                ack(4, UUID.randomUUID(), "s", 2));
        // when
        PowerLossDump.Outcome outcome = dump.verify(List.of(), acks, "made up");
        // then
        assertThat(outcome.lost()).isEqualTo(1);
        assertThat(outcome.inFlightKept()).isEqualTo(1);
    }

    @Test
    void a_changed_payload_is_caught() {
        List<String> lines = new ArrayList<>(List.of(event(1, "s", 0, ids.get(0))));
        lines.set(0, lines.get(0).replaceAll(".$", "x"));
        assertThatThrownBy(() -> dump(lines).verify(List.of(), List.of(), "made up"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("what a writer wrote");
    }

    @Test
    void an_acknowledged_event_replaced_by_another_is_caught() {
        PowerLossDump dump = dump(List.of(event(1, "s", 0, ids.get(0)), event(2, "s", 1, ids.get(1))));
        assertThatThrownBy(() -> dump.verify(List.of(), List.of(ack(2, ids.get(2), "s", 1)), "made up"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("acknowledged position 2");
    }

    @Test
    void a_gap_in_versions_or_positions_is_caught() {
        assertThatThrownBy(() -> dump(List.of(event(1, "s", 0, ids.get(0)), event(2, "s", 2, ids.get(1))))
                .verify(List.of(), List.of(), "made up")).hasMessageContaining("dense versions");
        assertThatThrownBy(() -> dump(List.of(event(2, "s", 0, ids.get(0)))).verify(List.of(), List.of(), "made up"))
                .hasMessageContaining("dense positions");
    }

    @Test
    void an_event_seen_before_the_cut_and_missing_after_it_is_caught() {
        PowerLossDump before = dump(List.of(event(1, "s", 0, ids.get(0))));
        PowerLossDump after = dump(List.of(event(1, "s", 0, ids.get(1))));
        assertThatThrownBy(() -> after.verify(before.afterCheck().subList(0, 1), List.of(), "made up"))
                .hasMessageContaining("seen after the previous cut");
    }

    private static String event(long position, String stream, long version, UUID id) {
        return "EVENT " + position + " " + stream + " " + version + " " + id + " " + PowerLossWriter.TYPE + " "
                + PowerLossDump.sha(id, stream);
    }

    private static PowerLossTester.Ack ack(long position, UUID id, String stream, long version) {
        return new PowerLossTester.Ack(position, id, stream, version);
    }

    /** A dump of these events as the check writes it, with each stream read alike and one append after them. */
    private static PowerLossDump dump(List<String> events) {
        List<String> lines = new ArrayList<>(events);
        events.stream().map(line -> line.split(" ")[2]).distinct().forEach(s -> lines.add("STREAM " + s + " 0 OK"));
        UUID appended = UUID.randomUUID();
        lines.add("APPENDED " + (events.size() + 1) + " " + appended + " after-cut 0");
        lines.add("BOOT " + UUID.randomUUID());
        lines.add("SUMMARY " + events.size());
        return PowerLossDump.parse(lines, "");
    }
}
