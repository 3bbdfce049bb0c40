package dev.rewind.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStores;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The offline commands on a store that a running application (a child JVM) has open and appends to. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveStoreTest {

    @Test
    @Timeout(180)
    void tail_follows_stats_reads_and_backup_copies_while_another_process_appends(@TempDir Path folder,
            @TempDir Path elsewhere) throws Exception {
        File stderr = elsewhere.resolve("app.err").toFile();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AppendingApp.class.getName(), "embedded:" + folder).redirectError(stderr).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), UTF_8))) {
            assertThat(out.readLine()).as("the app starts (stderr: %s)", Files.readString(stderr.toPath()))
                    .isEqualTo("READY");
            // when: the log is followed from the start while the app appends
            Cli tail = Cli.run("tail", "--store", folder.toString(), "--from", "1", "--count", "500", "--json");
            // then: 500 events in order, each the one the app appended there
            assertThat(tail.exitCode()).as(tail.err()).isZero();
            List<JsonNode> events = tail.lines().stream().map(LiveStoreTest::json).toList();
            assertThat(events).hasSize(500);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).get("position").asLong()).isEqualTo(i + 1);
                assertThat(events.get(i).get("data").get("n").asLong()).isEqualTo(i + 1);
            }
            Cli stream = Cli.run("tail", "--store", folder.toString(), "--stream", "live-2", "--count", "5");
            assertThat(stream.lines()).hasSize(5).allMatch(line -> line.contains("live-2 @"));
            Cli stats = Cli.run("stats", "--store", folder.toString(), "--json");
            assertThat(json(stats.out()).get("open").asBoolean()).isTrue();
            assertThat(json(stats.out()).get("headPosition").asLong()).isGreaterThanOrEqualTo(500);
            Cli verify = Cli.run("verify", "--store", folder.toString());
            assertThat(verify.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(verify.err()).contains("in use");
            Cli backup = Cli.run("backup", "--store", folder.toString(), "--to", elsewhere.resolve("b").toString(),
                    "--json");
            assertThat(backup.exitCode()).as(backup.err()).isZero();
            JsonNode report = json(backup.out());
            assertThat(report.get("storeWasOpen").asBoolean()).isTrue();
            long last = report.get("lastPosition").asLong();
            assertThat(last).isGreaterThanOrEqualTo(500);
            try (EventStore copy = EventStores.open("embedded:" + elsewhere.resolve("b"))) {
                List<RecordedEvent> all = copy.readAll(1, (int) last + 10);
                assertThat(all).hasSize((int) last);
                for (RecordedEvent event : all) {
                    assertThat(new String(event.data(), UTF_8)).isEqualTo("{\"n\":" + event.globalPosition() + "}");
                }
            }
        } finally {
            app.toHandle().destroyForcibly();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
