package dev.rewind.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged runner with {@code --quick} once: every part must finish (each checks its end state: event counts,
 * balances) and print its figures in the WORKLOAD.md format. Speed is not checked here.
 */
class QuickBenchmarkIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_quick_run_prints_every_figure_in_the_agreed_format(@TempDir Path dir) throws IOException,
            InterruptedException {
        Path results = dir.resolve("results.txt");
        Path jar = Path.of("target", "benchmarks.jar");
        assertThat(jar).exists();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--quick", "--results", results.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("finished in time").isTrue();
        String output = Files.readString(dir.resolve("output.txt"));
        assertThat(process.exitValue()).as(output).isZero();

        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        String figure = "[a-z0-9_]+ [0-9]+ (cmd/s|events/s|us|rows/s|msgs/s|ops/s|pct|MiB)";
        assertThat(lines).allMatch(line -> line.matches(figure),
                "is 'name value unit'");
        List<String> names = lines.stream().map(line -> line.substring(0, line.indexOf(' '))).toList();
        for (String store : List.of("mem", "jdbc", "process")) {
            assertThat(names).contains("rewind_" + store + "_w1_deposits_1thread",
                    "rewind_" + store + "_w1c_deposits_4threads", "rewind_" + store + "_w1c_deposits_16threads",
                    "rewind_" + store + "_w2_openstream",
                    "rewind_" + store + "_w2_tep", "rewind_" + store + "_w3_latency_p50",
                    "rewind_" + store + "_w3_latency_p99", "rewind_" + store + "_w3_latency_max",
                    "rewind_" + store + "_w1_deposits_1thread_default");
        }
        assertThat(names).contains("rewind_w4_remote_append_4clients", "rewind_w4_remote_e2e_latency_p50",
                "rewind_w4_remote_e2e_latency_p99", "rewind_w4_remote_e2e_latency_max",
                "rewind_w4_fanout_4subscribers", "rewind_w4_remote_append_4clients_memhub");
        assertThat(names).contains("rewind_jdbc_w5_append_empty", "rewind_jdbc_w5_append_at_10m",
                "rewind_jdbc_w5_append_ratio_pct", "rewind_jdbc_w5_h2_file_mib", "rewind_jdbc_w5_event_log_mib",
                "rewind_jdbc_w5_replay_10m", "rewind_jdbc_w5_peak_heap_mib");
        assertThat(names).contains("l1_h2_batch1000", "l1_h2_commit_per_row", "l2_jeromq_pubsub_200b",
                "l2_jeromq_reqrep_p50", "l3_jackson_write_read");
        assertThat(output).contains(lines.get(0));
    }
}
