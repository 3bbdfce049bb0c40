package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Kills a process running a JDBC projector (SIGKILL) mid-way, several times, and checks that the read model equals a
 * from-scratch replay: read-model writes and checkpoint commit together, so nothing is lost or applied twice.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(900)
class JdbcProjectorCrashTest {

    private static final int EVENTS = 60_000;

    @TempDir
    Path folder;

    @Test
    void a_killed_jdbc_projector_resumes_without_lost_or_doubled_effects() throws Exception {
        String config = "h2:" + folder.resolve("store");
        Map<String, Long> expected = fill(config);
        Random random = new Random();
        int killedMidway = 0;
        for (int kill = 0; kill < 6; kill++) {
            killedMidway += runAndKill(config, 50 + random.nextInt(400)) ? 1 : 0;
        }
        assertThat(killedMidway).as("kills that landed before the projector finished").isPositive();
        runAndKill(config, -1);
        try (EventStoreBackend backend = EventStores.openBackend(config);
                Connection connection = backend.dataSource().orElseThrow().getConnection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT k, total FROM totals")) {
            Map<String, Long> actual = new HashMap<>();
            while (rows.next()) {
                actual.put(rows.getString(1), rows.getLong(2));
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(backend.checkpoints().load("totals")).isEqualTo(EVENTS);
        }
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
     * Runs the child until it has projected for {@code millis} (then SIGKILL), or to the end if negative.
     *
     * @return whether the kill landed before the projector reached the head
     */
    private boolean runAndKill(String config, long millis) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ProjectingChild.class.getName(), config)
                .redirectError(folder.resolve("child.err").toFile()).start();
        boolean done = false;
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
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        if (millis < 0) {
            assertThat(done).as("the last run projected everything").isTrue();
        }
        return !done;
    }
}
