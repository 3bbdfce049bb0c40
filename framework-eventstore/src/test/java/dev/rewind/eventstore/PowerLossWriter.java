package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

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
 * The child process of the power-loss tests: {@code PowerLossWriter <folder> <disk|process> <threads> <run>} opens
 * the embedded store in the folder and appends from that many threads until it is killed. Each thread appends to
 * shared streams with {@link ExpectedVersion#any()} and to a stream of its own with exact expected versions. After
 * each append returns it prints, per event, {@code ACK <position> <eventId> <streamId> <version>}.
 */
public final class PowerLossWriter {

    static final String TYPE = "PowerLoss.v1";
    private static final int SHARED_STREAMS = 6;

    private PowerLossWriter() {
    }

    public static void main(String[] args) {
        String folder = args[0];
        String mode = args[1];
        int threads = Integer.parseInt(args[2]);
        String run = args[3];
        EventStore store = EventStores.open("embedded:" + folder + "?durability=" + mode);
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        for (int t = 0; t < threads; t++) {
            String own = "own-" + run + "-" + t;
            Random random = new Random(run.hashCode() * 31L + t);
            new Thread(() -> appendUntilKilled(store, own, random, out), "writer-" + t).start();
        }
    }

    private static void appendUntilKilled(EventStore store, String own, Random random, PrintStream out) {
        long ownVersion = ExpectedVersion.NO_STREAM;
        try {
            while (true) {
                boolean exact = random.nextInt(3) == 0;
                String streamId = exact ? own : "shared-" + random.nextInt(SHARED_STREAMS);
                List<NewEvent> events = new ArrayList<>();
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    UUID id = UUID.randomUUID();
                    events.add(new NewEvent(id, TYPE, payloadOf(id, streamId), Metadata.empty()));
                }
                AppendResult result = store.append(streamId,
                        exact ? ExpectedVersion.exactly(ownVersion) : ExpectedVersion.any(), events);
                if (exact) {
                    ownVersion = result.lastVersion();
                }
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < events.size(); i++) {
                    lines.append("ACK ").append(result.firstPosition() + i).append(' ')
                            .append(events.get(i).eventId()).append(' ').append(streamId).append(' ')
                            .append(result.firstVersion() + i).append('\n');
                }
                synchronized (out) {
                    out.print(lines);
                    out.flush();
                }
            }
        } catch (RuntimeException e) {
            // The parent fails the test on this line; an append must not fail while the store runs.
            synchronized (out) {
                out.println("FAIL " + e);
                out.flush();
            }
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        }
    }

    /**
     * The payload of an event, determined by its id and stream so a changed byte, a swapped event or one in the
     * wrong stream shows: the id and stream as text, then 40 to 1,239 pseudo-random bytes seeded by the id.
     */
    static byte[] payloadOf(UUID eventId, String streamId) {
        byte[] header = (eventId + " " + streamId + "\n").getBytes(UTF_8);
        Random random = new Random(eventId.getMostSignificantBits() ^ eventId.getLeastSignificantBits());
        byte[] payload = new byte[header.length + 40 + random.nextInt(1_200)];
        System.arraycopy(header, 0, payload, 0, header.length);
        byte[] filler = new byte[payload.length - header.length];
        random.nextBytes(filler);
        System.arraycopy(filler, 0, payload, header.length, filler.length);
        return payload;
    }
}
