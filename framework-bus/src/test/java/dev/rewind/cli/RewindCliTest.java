package dev.rewind.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.EventStores;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RewindCliTest {

    private static final List<String> COMMANDS = List.of("verify", "repair", "stats", "read", "tail", "backup",
            "restore", "projectors", "projector");

    @Nested
    class WhenAskedForHelp {

        @Test
        void the_help_lists_every_command_and_the_exit_codes() {
            Cli cli = Cli.run("--help");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).contains(COMMANDS).contains("Exit codes:", "4  the admin token");
        }

        @Test
        void every_command_has_its_help() {
            for (String command : COMMANDS) {
                Cli cli = Cli.run(command, "--help");
                assertThat(cli.exitCode()).as(command).isZero();
                assertThat(cli.out()).as(command).contains("Usage: rewind " + command);
            }
            for (String action : List.of("restart", "skip", "rebuild")) {
                assertThat(Cli.run("projector", action, "--help").out()).contains("Usage: rewind projector " + action,
                        "--url");
            }
        }

        @Test
        void the_version_is_the_build_s() {
            Cli cli = Cli.run("--version");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.out()).startsWith("rewind 0.").doesNotContain("development build");
        }

        @Test
        void bad_usage_exits_2_and_says_what_was_wrong() {
            assertThat(Cli.run().exitCode()).isEqualTo(ExitCodes.USAGE);
            Cli unknown = Cli.run("stats", "--stor", "x");
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(unknown.err()).contains("Unknown options: '--stor'");
            Cli neither = Cli.run("stats");
            assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(neither.err()).contains("Neither --store nor --url was given");
            Cli postgres = Cli.run("verify", "--store", "jdbc:postgresql://db/x");
            assertThat(postgres.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(postgres.err()).contains("is not an embedded store's folder");
            Cli missing = Cli.run("read", "--log", "--store", "/no/such/folder");
            assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(missing.err()).contains("does not exist");
        }
    }

    @Nested
    class WhenReadingAStoreFolder {

        @TempDir
        Path folder;

        @Test
        void stats_count_events_and_streams() throws Exception {
            fill(folder, 30);
            Cli cli = Cli.run("stats", "--store", "embedded:" + folder, "--json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode stats = Json.MAPPER.readTree(cli.out());
            assertThat(stats.get("headPosition").asLong()).isEqualTo(30);
            assertThat(stats.get("events").asLong()).isEqualTo(30);
            assertThat(stats.get("streams").asLong()).isEqualTo(3);
            assertThat(stats.get("open").asBoolean()).isFalse();
            assertThat(stats.path("categories").path("acc").asLong()).isEqualTo(30);
            assertThat(stats.path("files").has("rewind-events.log")).isTrue();
            assertThat(Cli.run("stats", "--store", folder.toString()).out()).contains("headPosition: 30",
                    "streams: 3");
        }

        @Test
        void read_prints_a_stream_or_the_log_from_a_position() throws Exception {
            fill(folder, 30);
            Cli stream = Cli.run("read", "acc-1", "--store", folder.toString());
            assertThat(stream.exitCode()).as(stream.err()).isZero();
            assertThat(stream.lines()).hasSize(10).allMatch(line -> line.contains("acc-1 @"));
            assertThat(stream.lines().get(0)).startsWith("#1  acc-1 @0  Opened.v1").endsWith("{\"n\":1}");
            Cli log = Cli.run("read", "--log", "--from", "5", "--limit", "3", "--store", folder.toString(), "--json");
            List<JsonNode> events = log.lines().stream().map(RewindCliTest::json).toList();
            assertThat(events).extracting(event -> event.get("position").asLong()).containsExactly(5L, 6L, 7L);
            assertThat(events.get(0).get("data").get("n").asInt()).isEqualTo(5);
            assertThat(events.get(0).get("streamId").asText()).isEqualTo("acc-2");
            assertThat(Cli.run("read", "acc-1", "--log", "--store", folder.toString()).exitCode())
                    .isEqualTo(ExitCodes.USAGE);
        }

        @Test
        void verify_finds_damage_and_repair_needs_the_intact_position_and_says_where_the_rest_went()
                throws Exception {
            fill(folder, 30);
            assertThat(Cli.run("verify", "--store", folder.toString()).exitCode()).isZero();
            // given: a record in the middle of the log garbled
            Path log = folder.resolve("rewind-events.log");
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
                file.seek(Files.size(log) / 2);
                file.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
            Cli verify = Cli.run("verify", "--store", folder.toString(), "--json");
            assertThat(verify.exitCode()).isEqualTo(ExitCodes.PROBLEM);
            long intact = json(verify.out()).get("intactPosition").asLong();
            assertThat(intact).isBetween(1L, 29L);
            Cli wrong = Cli.run("repair", "--store", folder.toString(), "--keep-up-to", "30");
            assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(wrong.err()).contains("is intact up to position " + intact);
            Cli repair = Cli.run("repair", "--store", folder.toString(), "--keep-up-to", "" + intact);
            assertThat(repair.exitCode()).as(repair.err()).isZero();
            assertThat(repair.out()).contains("Kept positions 1 to " + intact, "into " + folder.resolve("quarantine")
                    .toAbsolutePath());
            try (Stream<Path> quarantined = Files.list(folder.resolve("quarantine"))) {
                assertThat(quarantined).hasSize(1);
            }
            assertThat(Cli.run("verify", "--store", folder.toString()).exitCode()).isZero();
        }

        @Test
        void verify_of_a_store_a_process_has_open_exits_3() throws Exception {
            fill(folder, 3);
            try (EventStore open = EventStores.open("embedded:" + folder)) {
                Cli verify = Cli.run("verify", "--store", folder.toString());
                assertThat(verify.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
                assertThat(verify.err()).contains("in use");
            }
        }

        @Test
        void backup_and_restore_give_a_store_with_the_same_events(@TempDir Path elsewhere) throws Exception {
            fill(folder, 30);
            Path backup = elsewhere.resolve("backup");
            Cli cli = Cli.run("backup", "--store", folder.toString(), "--to", backup.toString(), "--json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertThat(json(cli.out()).get("lastPosition").asLong()).isEqualTo(30);
            assertThat(Cli.run("backup", "--store", folder.toString(), "--to", backup.toString()).exitCode())
                    .isEqualTo(ExitCodes.USAGE);
            Path restored = elsewhere.resolve("restored");
            Cli restore = Cli.run("restore", "--from", backup.toString(), "--store", "embedded:" + restored);
            assertThat(restore.exitCode()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("positions 1 to 30");
            try (EventStore original = EventStores.open("embedded:" + folder);
                    EventStore copy = EventStores.open("embedded:" + restored)) {
                assertThat(copy.readAll(1, 100)).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(original.readAll(1, 100));
            }
        }
    }

    /** Appends {@code count} events over the streams acc-0, acc-1 and acc-2, payload {"n":position}. */
    static void fill(Path folder, int count) {
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (int n = 1; n <= count; n++) {
                String stream = "acc-" + (n % 3);
                store.append(stream, ExpectedVersion.any(), List.of(NewEvent.of(n <= 3 ? "Opened.v1" : "Deposited.v1",
                        ("{\"n\":" + n + "}").getBytes(UTF_8))));
            }
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
