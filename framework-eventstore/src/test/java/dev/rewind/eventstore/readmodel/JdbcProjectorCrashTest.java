package dev.rewind.eventstore.readmodel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process running a JDBC projector (SIGKILL) mid-way, many times, now and then stops it cleanly instead, and
 * checks where the projector resumes: after a kill it rebuilds from scratch (H2 may keep part of a batch after a
 * crash), after a clean stop it goes on from its checkpoint; either way its read model is exactly the effect of the
 * events up to its checkpoint, and in the end equals a from-scratch replay: nothing is lost or applied twice.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(900)
public class JdbcProjectorCrashTest {

    private static final int EVENTS = 60_000;
    private static final int RUNS = 12;

    @TempDir
    Path folder;

    @Test
    void a_killed_jdbc_projector_resumes_without_lost_or_doubled_effects() throws Exception {
        String config = "embedded:" + folder.resolve("store");
        Map<String, Long> expected = fill(config);
        Random random = new Random();
        int killedMidway = 0;
        for (int run = 0; run < RUNS; run++) {
            boolean stop = run % 4 == 3;
            long stoppedAt = runChild(config, 50 + random.nextInt(400), stop);
            killedMidway += !stop && stoppedAt < EVENTS ? 1 : 0;
            // Every third kill is left for the next child to recover from; the others are checked here.
            if (stop || run % 3 != 1) {
                assertThat(resume(config)).as("where run " + run + " resumes").isEqualTo(stop ? stoppedAt : 0);
            }
        }
        assertThat(killedMidway).as("kills that landed before the projector finished").isPositive();
        runChild(config, -1, false);
        assertThat(resume(config)).as("the resumption after the last kill").isZero();
        try (EventStoreBackend backend = EventStores.openBackend(config)) {
            projectToTheEnd(backend);
        }
        try (EventStoreBackend backend = EventStores.openBackend(config)) {
            assertThat(totals(backend)).isEqualTo(expected);
            assertThat(new ProjectingChild.Totals(backend.dataSource().orElseThrow())
                    .checkpoint(backend.checkpoints())).as("the checkpoint after a clean close").isEqualTo(EVENTS);
        }
    }

    /**
     * Opens the store as the projector's next start would, and checks that its read model is exactly the effect of
     * the events up to its checkpoint (rebuilding first if the store was not closed cleanly); closes cleanly.
     *
     * @return the checkpoint the projector resumes from
     */
    private static long resume(String config) throws Exception {
        try (EventStoreBackend backend = EventStores.openBackend(config)) {
            long checkpoint = new ProjectingChild.Totals(backend.dataSource().orElseThrow())
                    .checkpoint(backend.checkpoints());
            assertThat(backend.checkpoints().load("totals")).isEqualTo(checkpoint);
            assertThat(totals(backend)).as("the read model at checkpoint " + checkpoint)
                    .isEqualTo(expectedUpTo(checkpoint));
            return checkpoint;
        }
    }

    private static Map<String, Long> totals(EventStoreBackend backend) throws Exception {
        try (Connection connection = backend.dataSource().orElseThrow().getConnection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT k, total FROM totals")) {
            Map<String, Long> actual = new HashMap<>();
            while (rows.next()) {
                actual.put(rows.getString(1), rows.getLong(2));
            }
            return actual;
        }
    }

    /** Runs the projector in this JVM until it has applied every event, then stops it cleanly. */
    private static void projectToTheEnd(EventStoreBackend backend) throws Exception {
        ProjectingChild.Totals projector = new ProjectingChild.Totals(backend.dataSource().orElseThrow());
        try (Rewind rewind = Rewind.builder().store(backend.store()).checkpoints(backend.checkpoints())
                .context(BoundedContext.define("totals", context -> {
                    context.events(ProjectingChild.TYPES);
                    context.projector(projector);
                })).build().start()) {
            assertThat(rewind.projections().awaitPosition(EVENTS, Duration.ofSeconds(120)))
                    .as("the projector reached the end within 120 s").isTrue();
        }
    }

    /** The totals of a from-scratch replay of the first {@code position} events, in the order fill appends them. */
    private static Map<String, Long> expectedUpTo(long position) {
        Map<String, Long> totals = new HashMap<>();
        for (int i = 0; i < position; i++) {
            totals.merge("k" + (i % 37), 1L + i % 11, Long::sum);
        }
        return totals;
    }

    /** Stores the events and returns the totals a from-scratch replay gives. */
    private static Map<String, Long> fill(String config) {
        Map<String, Long> totals = new HashMap<>();
        try (EventStore store = EventStores.open(config)) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String key = "k" + (i % 37);
                long amount = 1 + i % 11;
                totals.merge(key, amount, Long::sum);
                batch.add(NewEvent.of("Added.v1", ("{\"key\":\"" + key + "\",\"amount\":" + amount + "}")
                        .getBytes(UTF_8)));
                if (batch.size() == 1_000) {
                    store.append("added-" + (i / 1_000), ExpectedVersion.noStream(), batch);
                    batch = new ArrayList<>();
                }
            }
        }
        return totals;
    }

    /**
     * Runs the child for {@code millis} of projecting, then kills it (SIGKILL) or, with {@code stop}, has it stop
     * cleanly; with negative millis, runs it to the end and kills it.
     *
     * @return the checkpoint the child stopped at if stopped, else {@link #EVENTS} if it reached the end, else -1
     */
    private long runChild(String config, long millis, boolean stop) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ProjectingChild.class.getName(), config)
                .redirectError(folder.resolve("child.err").toFile()).start();
        boolean done = false;
        long stoppedAt = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the child's first line").startsWith("READY");
            long deadline = System.nanoTime() + (millis < 0 ? TimeUnit.SECONDS.toNanos(120)
                    : TimeUnit.MILLISECONDS.toNanos(millis));
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.equals("DONE")) {
                    done = true;
                    break;
                }
            }
            if (stop) {
                child.getOutputStream().write("STOP\n".getBytes(UTF_8));
                child.getOutputStream().flush();
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("STOPPED "));
                assertThat(line).as("the child's last line; its errors: %s",
                        Files.readString(folder.resolve("child.err"))).isNotNull();
                stoppedAt = Long.parseLong(line.substring("STOPPED ".length()));
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child exits after stopping").isTrue();
                assertThat(child.exitValue()).isZero();
            } else {
                assertThat(child.toHandle().destroyForcibly()).isTrue();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        if (millis < 0) {
            assertThat(done).as("the last run projected everything").isTrue();
        }
        return stop ? stoppedAt : done ? EVENTS : -1;
    }
}
