package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four child JVMs ({@link ConcurrentAppender}) append to one PostgreSQL schema at once, each from several threads,
 * to streams of their own and to streams they share, while this process follows the log through a subscription that
 * only the other processes' commits wake.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(300)
class PostgresProcessesTest {

    private static final int PROCESSES = 4;
    private static final int APPENDS_PER_THREAD = 150;

    @TempDir
    Path logs;

    @RegisterExtension
    final FreshSchema schema = new FreshSchema();

    @Test
    void four_processes_appending_at_once_get_dense_positions_in_commit_order_and_lose_nothing() throws Exception {
        // given
        String config = schema.config();
        int eventsPerThread = 0;
        for (int i = 0; i < APPENDS_PER_THREAD; i++) {
            eventsPerThread += 1 + i % 3;
        }
        int expected = PROCESSES * ConcurrentAppender.THREADS * eventsPerThread;
        List<Long> followed = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch allFollowed = new CountDownLatch(expected);
        List<Process> children = new ArrayList<>();
        try (EventStore follower = EventStores.open(config);
                Subscription subscription = follower.subscribe(1, EventFilter.all(), batch -> {
                    for (RecordedEvent event : batch) {
                        if (event.globalPosition() != followed.size() + 1) {
                            problems.add("follower expected " + (followed.size() + 1) + ", got "
                                    + event.globalPosition());
                        }
                        followed.add(event.globalPosition());
                        allFollowed.countDown();
                    }
                })) {
            List<Output> outputs = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                Process child = start(config, "p" + p);
                children.add(child);
                outputs.add(new Output(child));
            }
            // when: all start appending together once every child has opened the store
            for (int p = 0; p < PROCESSES; p++) {
                assertThat(outputs.get(p).awaitLine("READY", 120)).as("child %d ready (stderr: %s)", p, stderr(p))
                        .isTrue();
            }
            for (Process child : children) {
                OutputStream in = child.getOutputStream();
                in.write("GO\n".getBytes(UTF_8));
                in.flush();
            }
            List<CrashTester.Ack> acks = new ArrayList<>();
            int conflicts = 0;
            for (int p = 0; p < PROCESSES; p++) {
                Process child = children.get(p);
                assertThat(child.waitFor(240, TimeUnit.SECONDS)).as("child %d finished", p).isTrue();
                assertThat(child.exitValue()).as("child %d (stderr: %s)", p, stderr(p)).isZero();
                List<String> lines = outputs.get(p).awaitEnd(30);
                assertThat(lines).as("child %d's last line", p).last().asString().startsWith("DONE ");
                conflicts += Integer.parseInt(lines.get(lines.size() - 1).substring("DONE ".length()));
                lines.forEach(line -> CrashTester.parse(line, acks));
            }
            // then
            assertThat(acks).hasSize(expected);
            assertThat(follower.headPosition()).as("nothing stored that was not acknowledged").isEqualTo(expected);
            List<RecordedEvent> all = follower.readAll(1, Integer.MAX_VALUE);
            checkLog(all, acks);
            assertThat(allFollowed.await(60, TimeUnit.SECONDS)).as("the follower saw %d of %d", followed.size(),
                    expected).isTrue();
            assertThat(problems).isEmpty();
            assertThat(followed).hasSize(expected);
            System.out.println("Four processes: " + expected + " events, " + conflicts
                    + " conflicts on shared streams retried, positions dense, follower in order");
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    /** Positions dense from 1; each acknowledged event at its position; each stream's versions dense, in order. */
    private static void checkLog(List<RecordedEvent> all, List<CrashTester.Ack> acks) {
        assertThat(all).hasSize(acks.size());
        Set<UUID> ids = new HashSet<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            RecordedEvent event = all.get(i);
            assertThat(event.globalPosition()).as("dense positions").isEqualTo(i + 1);
            assertThat(ids.add(event.eventId())).as("%s stored once", event.eventId()).isTrue();
            long version = versions.merge(event.streamId(), 0L, (last, zero) -> last + 1);
            assertThat(event.streamVersion()).as("version of %s at position %d", event.streamId(), i + 1)
                    .isEqualTo(version);
        }
        for (CrashTester.Ack ack : acks) {
            RecordedEvent stored = all.get((int) ack.position() - 1);
            assertThat(stored.eventId()).as("event at acknowledged position %d", ack.position())
                    .isEqualTo(ack.eventId());
            assertThat(stored.streamId()).isEqualTo(ack.streamId());
            assertThat(stored.streamVersion()).isEqualTo(ack.version());
        }
        for (int s = 0; s < ConcurrentAppender.SHARED_STREAMS; s++) {
            assertThat(versions).as("shared stream %d was written", s).containsKey("shared-" + s);
        }
    }

    private Process start(String config, String name) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ConcurrentAppender.class.getName(), config, name, Integer.toString(APPENDS_PER_THREAD))
                .redirectError(logs.resolve(name + ".err").toFile()).start();
    }

    private String stderr(int process) throws Exception {
        File file = logs.resolve("p" + process + ".err").toFile();
        return file.exists() ? Files.readString(file.toPath()) : "";
    }

    /** A child's stdout, read on a thread of its own so that a full pipe never stalls the child. */
    private static final class Output {

        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        Output(Process child) {
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        add(line);
                    }
                } catch (IOException e) {
                    add("READ FAILED " + e);
                } finally {
                    end();
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        private synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        private synchronized void end() {
            ended = true;
            notifyAll();
        }

        /** Waits until the child printed {@code line} (true) or ended or the time is up (false). */
        synchronized boolean awaitLine(String line, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!lines.contains(line) && !ended && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
            }
            return lines.contains(line);
        }

        /** Every line, once the output ended (or what there is when the time is up). */
        synchronized List<String> awaitEnd(long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!ended && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
            }
            return List.copyOf(lines);
        }
    }
}
