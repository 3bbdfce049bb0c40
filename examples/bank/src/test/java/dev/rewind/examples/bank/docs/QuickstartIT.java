package dev.rewind.examples.bank.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.eventstore.EventStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's Quickstart ({@link Quickstart}) as a new user would: a fresh JVM in an empty folder, once wired
 * with plain code and once with Guice, both on {@code embedded:./data}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QuickstartIT {

    @TempDir
    Path folder;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void both_wirings_run_as_written_and_keep_their_events_in_the_data_folder() throws Exception {
        // when
        Run plain = run("plain");
        Run guice = run("guice");
        // then
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.output()).contains("owner=Ada, balanceCents=100");
        assertThat(guice.exitCode()).as(guice.output()).isZero();
        assertThat(guice.output()).contains("owner=Ada, balanceCents=100");
        try (EventStore store = EventStores.open("embedded:" + folder.resolve("data"))) {
            assertThat(store.headPosition()).as("two accounts opened and paid into, in ./data").isEqualTo(4);
        }
    }

    private Run run(String wiring) throws IOException, InterruptedException {
        Path output = folder.resolve(wiring + ".log");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Quickstart.class.getName(), wiring)
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!java.waitFor(1, TimeUnit.MINUTES)) {
            java.destroyForcibly();
            throw new AssertionError("the " + wiring + " quickstart did not end in a minute:\n"
                    + Files.readString(output));
        }
        return new Run(java.exitValue(), Files.readString(output));
    }

    /**
     * How a run ended.
     *
     * @param exitCode the JVM's exit code
     * @param output everything it printed
     */
    private record Run(int exitCode, String output) {
    }
}
