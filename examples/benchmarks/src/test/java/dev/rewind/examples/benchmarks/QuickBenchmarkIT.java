package dev.rewind.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged runner with {@code --quick}: every part must finish (each checks its end state: every stream's
 * length and events, every balance) and print its figures in the format of docs/benchmark-workload.md; the
 * PostgreSQL part runs with {@code --store} where a server answers (it must when {@code REWIND_REQUIRE_POSTGRES=1});
 * bad options are refused. Speed is not checked here.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QuickBenchmarkIT {

    private static final String POSTGRES = System.getProperty("rewind.postgresUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String FIGURE =
            "[a-z0-9_]+ [0-9]+ (cmd/s|events/s|us|ms|rows/s|tx/s|commits/s|reads/s|msgs/s|ops/s|pct|MiB|conflicts)";

    @TempDir
    Path dir;

    /** What one run of the runner printed, its exit code and the figure names of its results file. */
    record Run(int exit, String output, List<String> lines, List<String> names) {
    }

    private Run run(String... options) throws IOException, InterruptedException {
        Path results = dir.resolve("results.txt");
        Files.deleteIfExists(results);
        Path jar = Path.of("target", "benchmarks.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--results", results.toString()));
        command.addAll(List.of(options));
        Path output = dir.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("finished in time").isTrue();
        List<String> lines = Files.exists(results) ? Files.readAllLines(results, StandardCharsets.UTF_8) : List.of();
        return new Run(process.exitValue(), Files.readString(output), lines,
                lines.stream().map(line -> line.substring(0, line.indexOf(' '))).toList());
    }

    private static List<String> storeFigures(String store) {
        String p = "rewind_" + store + "_";
        return List.of(p + "w1_deposits_1thread", p + "w1c_deposits_4threads", p + "w1c_deposits_16threads",
                p + "w2_openstream", p + "w2_tep", p + "w3_latency_p50", p + "w3_latency_p99", p + "w3_latency_max",
                p + "w1_deposits_1thread_cache10k", p + "w1c_deposits_4threads_cache10k");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void a_quick_run_prints_every_figure_in_the_agreed_format() throws Exception {
        // when
        Run run = run("--quick");
        // then
        assertSucceededWithFigures(run);
        for (String store : List.of("mem", "jdbc", "process")) {
            assertThat(run.names()).containsAll(storeFigures(store));
        }
        assertThat(run.names()).contains("rewind_w4_remote_append_4clients", "rewind_w4_remote_e2e_latency_p50",
                "rewind_w4_remote_e2e_latency_p99", "rewind_w4_remote_e2e_latency_max",
                "rewind_w4_fanout_4subscribers", "rewind_w4_remote_append_4clients_memhub",
                "rewind_w4p_remote_append_4clients", "rewind_w4p_remote_e2e_latency_p50",
                "rewind_w4p_remote_e2e_latency_p99", "rewind_w4p_remote_e2e_latency_max");
        assertThat(run.names()).noneMatch(name -> name.endsWith("hub") && name.contains("_pg"));
        assertThat(run.names()).contains("rewind_jdbc_w5_append_empty", "rewind_jdbc_w5_append_at_10m",
                "rewind_jdbc_w5_append_ratio_pct", "rewind_jdbc_w5_h2_file_mib", "rewind_jdbc_w5_event_log_mib",
                "rewind_jdbc_w5_replay_10m", "rewind_jdbc_w5_peak_heap_mib");
        assertThat(run.names()).contains("l1_h2_batch1000", "l1_h2_commit_per_row", "l2_jeromq_pubsub_200b",
                "l2_jeromq_reqrep_p50", "l3_jackson_write_read");
        assertThat(run.names()).noneMatch(name -> name.startsWith("rewind_pg_"));
        assertThat(run.output()).contains(run.lines().get(0), "Skipping part 'pg'");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_quick_run_on_postgresql_prints_the_store_figures_beside_the_database_commit_rate() throws Exception {
        // given
        assumePostgres();
        // when
        Run run = run("--quick", "--only", "pg", "--store", POSTGRES);
        // then
        assertSucceededWithFigures(run);
        assertThat(run.names()).containsAll(storeFigures("pg"));
        assertThat(run.names()).contains("l4_pg_commit_1client", "l4_pg_commit_4clients", "l4_pg_commit_16clients",
                "l4_pg_read_stream101_1client", "l4_pg_read_stream101_4clients", "l4_pg_read_stream101_16clients");
        assertThat(run.names()).allMatch(name -> name.startsWith("rewind_pg_") || name.startsWith("l4_pg_"));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void a_quick_run_of_many_write_and_read_sides_on_postgresql_prints_every_pgscale_figure() throws Exception {
        // given
        assumePostgres();
        // when
        Run run = run("--quick", "--only", "pgscale", "--store", POSTGRES);
        // then
        assertSucceededWithFigures(run);
        for (String sides : List.of("1writeside", "2writesides", "3writesides")) {
            assertThat(run.names()).contains("rewind_pg_route_w1c_deposits_4clients_" + sides,
                    "rewind_pg_route_w1c_conflicts_" + sides);
        }
        assertThat(run.names()).contains("rewind_pg_flush_commits_1client", "rewind_pg_route_failover_partitions_moved",
                "rewind_pg_route_failover_commands_flow_again", "rewind_pg_replay_partitioned4_1readside",
                "rewind_pg_replay_partitioned4_2readsides");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_quick_run_through_postgresql_hubs_prints_w4_and_w4p_for_one_hub_and_for_two() throws Exception {
        // given
        assumePostgres();
        // when
        Run run = run("--quick", "--only", "w4_pghub,w4_pg2hubs", "--store", POSTGRES);
        // then
        assertSucceededWithFigures(run);
        for (String hubs : List.of("_pghub", "_pg2hubs")) {
            assertThat(run.names()).contains("rewind_w4_remote_append_4clients" + hubs,
                    "rewind_w4p_remote_append_4clients" + hubs, "rewind_w4_remote_e2e_latency_p99" + hubs,
                    "rewind_w4p_remote_e2e_latency_p99" + hubs);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void a_mistyped_only_name_is_refused_with_the_names_that_exist() throws Exception {
        // when
        Run run = run("--quick", "--only", "jdbc_w9");
        // then
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("--only 'jdbc_w9' names no part or scenario", "jdbc_w1c16", "pg_l4",
                "w4_latency");
        assertThat(run.lines()).isEmpty();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void the_postgresql_part_without_a_store_is_refused() throws Exception {
        // when
        Run run = run("--quick", "--only", "pg_w1");
        // then
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("add --store jdbc:postgresql://");
    }

    private static void assertSucceededWithFigures(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.lines()).allMatch(line -> line.matches(FIGURE), "is 'name value unit'");
    }

    /** Skips without a PostgreSQL server, unless REWIND_REQUIRE_POSTGRES (or rewind.requirePostgres) says 1. */
    private static void assumePostgres() {
        String problem = null;
        try (Connection connection = DriverManager.getConnection(POSTGRES)) {
            problem = connection.isValid(5) ? null : "the connection is not valid";
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            return;
        }
        String required = System.getProperty("rewind.requirePostgres", System.getenv()
                .getOrDefault("REWIND_REQUIRE_POSTGRES", ""));
        if (required.equals("1") || required.equalsIgnoreCase("true")) {
            fail("PostgreSQL is required but " + POSTGRES + " does not answer: " + problem);
        }
        assumeTrue(false, "Skipped: no PostgreSQL at " + POSTGRES + " (" + problem + ")");
    }
}
