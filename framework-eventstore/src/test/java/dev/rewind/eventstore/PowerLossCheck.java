package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The child process that reopens a store after a power loss, in a process that sees a new boot id:
 * {@code PowerLossCheck <folder> <disk|process> <dump file>}. It writes to the dump file every event of the global
 * log ({@code EVENT <position> <streamId> <version> <eventId> <type> <sha-256 of data>}), whether each stream read
 * on its own agrees ({@code STREAM <streamId> <count> OK} or {@code ... BAD <why>}), the event it then appends
 * ({@code APPENDED <position> <eventId> <streamId> <version>}), the boot id it saw ({@code BOOT <id>}) and
 * {@code SUMMARY <head>}. A failure to open or read
 * ends it with a stack trace and a non-zero exit code.
 */
public final class PowerLossCheck {

    private static final int PAGE = 5_000;

    /** What of an event of the global log its stream read on its own must agree with. */
    private record Seen(UUID eventId, long position, long version, String sha) {
    }

    private PowerLossCheck() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path dump = Path.of(args[2]);
        try (EventStore store = EventStores.open("embedded:" + args[0] + "?durability=" + args[1]);
                BufferedWriter out = Files.newBufferedWriter(dump, UTF_8)) {
            // The parent checks this is the boot id it bound in, so the store judged the stop as a reboot.
            out.write("BOOT " + Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip() + "\n");
            long head = store.headPosition();
            Map<String, List<Seen>> streams = new LinkedHashMap<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long next = 1;
            while (true) {
                List<RecordedEvent> page = store.readAll(next, PAGE, EventFilter.all());
                if (page.isEmpty()) {
                    break;
                }
                for (RecordedEvent event : page) {
                    String hash = HexFormat.of().formatHex(sha.digest(event.data()));
                    out.write("EVENT " + event.globalPosition() + " " + event.streamId() + " " + event.streamVersion()
                            + " " + event.eventId() + " " + event.type() + " " + hash + "\n");
                    streams.computeIfAbsent(event.streamId(), s -> new ArrayList<>())
                            .add(new Seen(event.eventId(), event.globalPosition(), event.streamVersion(), hash));
                }
                next = page.get(page.size() - 1).globalPosition() + 1;
            }
            for (Map.Entry<String, List<Seen>> stream : streams.entrySet()) {
                out.write("STREAM " + stream.getKey() + " " + stream.getValue().size() + " "
                        + compare(stream.getValue(), store.readStream(stream.getKey(), 0, Integer.MAX_VALUE), sha)
                        + "\n");
            }
            UUID id = UUID.randomUUID();
            AppendResult appended = store.append("after-cut", ExpectedVersion.any(), List.of(
                    new NewEvent(id, PowerLossWriter.TYPE, PowerLossWriter.payloadOf(id, "after-cut"),
                            Metadata.empty())));
            out.write("APPENDED " + appended.firstPosition() + " " + id + " after-cut " + appended.firstVersion()
                    + "\n");
            out.write("SUMMARY " + head + "\n");
        }
    }

    private static String compare(List<Seen> fromLog, List<RecordedEvent> fromStream, MessageDigest sha) {
        if (fromLog.size() != fromStream.size()) {
            return "BAD readStream has " + fromStream.size() + " events, the global log " + fromLog.size();
        }
        for (int i = 0; i < fromLog.size(); i++) {
            Seen expected = fromLog.get(i);
            RecordedEvent actual = fromStream.get(i);
            if (!expected.eventId().equals(actual.eventId()) || expected.position() != actual.globalPosition()
                    || expected.version() != actual.streamVersion()
                    || !expected.sha().equals(HexFormat.of().formatHex(sha.digest(actual.data())))) {
                return "BAD at index " + i + ": readStream " + actual + " " + actual.eventId() + ", global log "
                        + expected;
            }
        }
        return "OK";
    }
}
