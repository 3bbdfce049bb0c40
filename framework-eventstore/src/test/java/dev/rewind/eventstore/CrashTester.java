package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link CrashingAppender} in a child JVM, kills it with SIGKILL ({@code destroyForcibly()}) at random
 * moments, and then checks that every acknowledged event survived byte for byte at its position, that positions are
 * dense from 1 and that no event is stored twice.
 */
final class CrashTester {

    /** An event the child acknowledged. */
    record Ack(long position, UUID eventId, String streamId, long version) {
    }

    private final String config;
    private final Path logs;
    private final Random random = new Random();
    private final List<Ack> acks = new ArrayList<>();

    CrashTester(String config, Path logs) {
        this.config = config;
        this.logs = logs;
    }

    /** Starts and kills the child {@code kills} times; returns the acknowledgements of all runs. */
    List<Ack> run(int kills) throws Exception {
        for (int kill = 0; kill < kills; kill++) {
            runOnce(kill);
        }
        return acks;
    }

    private void runOnce(int kill) throws Exception {
        File stderr = logs.resolve("child-" + kill + ".err").toFile();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), config)
                .redirectError(stderr).start();
        // Kill once the child has acknowledged a random number of further events (or after a deadline).
        int target = 1 + random.nextInt(300);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        int seen = 0;
        boolean ready = false;
        List<Ack> run = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            while ((seen < target || !ready) && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                ready |= line.equals("READY");
                if (parse(line, run)) {
                    seen++;
                }
            }
            assertThat(child.isAlive()).as("child %d alive at the kill (stderr: %s)", kill, read(stderr)).isTrue();
            assertThat(seen).as("acknowledgements of child %d before the deadline (stderr: %s)", kill, read(stderr))
                    .isPositive();
            // SIGKILL through the handle: unlike Process.destroyForcibly() it leaves our end of the pipe open.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            // Whatever the child printed before it died was acknowledged too; read to the end of its output.
            while ((line = out.readLine()) != null) {
                parse(line, run);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        acks.addAll(run);
    }

    /** Adds the acknowledgement an {@code ACK} line of a child names; false for any other line. */
    static boolean parse(String line, List<Ack> into) {
        String[] parts = line.split(" ");
        if (parts.length != 5 || !parts[0].equals("ACK")) {
            return false; // READY, or a line cut short by the kill (not acknowledged to anyone)
        }
        into.add(new Ack(Long.parseLong(parts[1]), UUID.fromString(parts[2]), parts[3], Long.parseLong(parts[4])));
        return true;
    }

    private static String read(File file) throws IOException {
        return Files.readString(file.toPath());
    }

    /**
     * Re-sends acknowledged events, spread over all runs (up to 400, and the last): each gets its original position
     * back, the same id in another stream is refused, and nothing is stored.
     */
    private static void assertIdsKnown(EventStore store, List<Ack> acks, long head) {
        List<Ack> resent = new ArrayList<>();
        for (int i = 0; i < acks.size(); i += Math.max(1, acks.size() / 400)) {
            resent.add(acks.get(i));
        }
        resent.add(acks.get(acks.size() - 1));
        for (Ack ack : resent) {
            List<NewEvent> again = List.of(new NewEvent(ack.eventId(), "Crashed.v1",
                    CrashingAppender.payloadOf(ack.eventId()), Metadata.empty()));
            AppendResult result = store.append(ack.streamId(), ExpectedVersion.any(), again);
            assertThat(result.firstPosition()).as("re-sent %s", ack).isEqualTo(ack.position());
            assertThat(result.firstVersion()).as("re-sent %s", ack).isEqualTo(ack.version());
            assertThatThrownBy(() -> store.append("elsewhere", ExpectedVersion.any(), again)).as("%s elsewhere", ack)
                    .isInstanceOf(DuplicateEventIdException.class);
        }
        assertThat(store.headPosition()).as("nothing stored by re-sends").isEqualTo(head);
    }

    /** Checks the reopened store against the acknowledgements. */
    static void verify(EventStore store, List<Ack> acks) {
        List<RecordedEvent> all = store.readAll(1, Integer.MAX_VALUE);
        long head = store.headPosition();
        assertThat(all).hasSize((int) head);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            RecordedEvent event = all.get(i);
            assertThat(event.globalPosition()).as("dense positions").isEqualTo(i + 1);
            assertThat(ids.add(event.eventId())).as("event %s stored once", event.eventId()).isTrue();
            assertThat(event.data()).as("payload of %s", event).isEqualTo(CrashingAppender.payloadOf(event.eventId()));
        }
        assertThat(acks.size()).isLessThanOrEqualTo(all.size());
        for (Ack ack : acks) {
            assertThat(ack.position()).as("acknowledged %s within the head %d", ack, head).isLessThanOrEqualTo(head);
            RecordedEvent stored = all.get((int) ack.position() - 1);
            assertThat(stored.eventId()).as("event at acknowledged position %d", ack.position())
                    .isEqualTo(ack.eventId());
            assertThat(stored.streamId()).isEqualTo(ack.streamId());
            assertThat(stored.streamVersion()).isEqualTo(ack.version());
        }
        System.out.println("Crash test: " + acks.size() + " acknowledged events checked, " + all.size()
                + " stored, positions dense 1.." + head + ", no duplicates");
        assertIdsKnown(store, acks, head);
        long next = store.append("after-crash-1", ExpectedVersion.any(),
                List.of(NewEvent.of("Alive.v1", new byte[] {1}))).lastPosition();
        assertThat(next).isEqualTo(head + 1);
    }
}
