package dev.rewind.eventstore;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The child process of the crash tests: opens the store its argument names and appends from a few threads until it
 * is killed, printing one line per acknowledged event: {@code ACK <position> <eventId> <streamId> <version>}. Each
 * payload is derived from its event id ({@link #payloadOf(UUID)}), so the parent can check it byte for byte.
 */
public final class CrashingAppender {

    private static final int THREADS = 3;

    private CrashingAppender() {
    }

    public static void main(String[] args) {
        EventStore store = EventStores.open(args[0]);
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> appendForever(store, thread, out), "appender-" + t).start();
        }
    }

    private static void appendForever(EventStore store, int thread, PrintStream out) {
        Random random = new Random();
        while (true) {
            String streamId = "crash-" + thread + "-" + random.nextInt(5);
            List<NewEvent> events = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                events.add(new NewEvent(id, "Crashed.v1", payloadOf(id), Metadata.empty().withHeader("n", "" + i)));
            }
            AppendResult result = store.append(streamId, ExpectedVersion.any(), events);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                lines.append("ACK ").append(result.firstPosition() + i).append(' ').append(events.get(i).eventId())
                        .append(' ').append(streamId).append(' ').append(result.firstVersion() + i).append('\n');
            }
            synchronized (out) {
                out.print(lines);
                out.flush();
            }
        }
    }

    /** The payload of an event: 0 to 2,047 bytes, determined by its id. */
    static byte[] payloadOf(UUID eventId) {
        Random random = new Random(eventId.getMostSignificantBits() ^ eventId.getLeastSignificantBits());
        byte[] payload = new byte[random.nextInt(2_048)];
        random.nextBytes(payload);
        return payload;
    }
}
