package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the PostgreSQL server of the tests ({@link PostgresSchemas#URL}): the Debian cluster listening on the
 * URL's port, found with {@code pg_lsclusters} and restarted with {@code pg_ctlcluster} (fast shutdown, so connected
 * clients are cut off at once). Without those tools or such a cluster the test is skipped, saying why, or fails when
 * {@code REWIND_REQUIRE_POSTGRES} ({@code rewind.requirePostgres}) is set.
 */
final class PostgresRestart {

    private final List<String> command;

    private PostgresRestart(List<String> command) {
        this.command = command;
    }

    /** The restart of the tests' cluster; skips (or fails) the test when it cannot be restarted here. */
    static PostgresRestart find() throws InterruptedException {
        int port = URI.create(PostgresSchemas.URL.substring("jdbc:".length())).getPort();
        String why;
        try {
            Run clusters = run(List.of("pg_lsclusters", "--no-header"), Duration.ofSeconds(30));
            why = "pg_lsclusters exited with " + clusters.exit() + ": " + clusters.output();
            if (clusters.exit() == 0) {
                why = "pg_lsclusters lists no cluster on port " + (port < 0 ? 5432 : port) + ": " + clusters.output();
                for (String line : clusters.output().split("\n")) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length >= 3 && columns[2].equals(Integer.toString(port < 0 ? 5432 : port))) {
                        return new PostgresRestart(List.of("pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast",
                                columns[0], columns[1], "restart"));
                    }
                }
            }
        } catch (IOException e) {
            why = "pg_lsclusters cannot run (" + e.getMessage() + "); the test restarts a Debian PostgreSQL cluster";
        }
        String message = "Cannot restart PostgreSQL at " + PostgresSchemas.URL + ": " + why;
        String required = System.getProperty("rewind.requirePostgres", "");
        if (required.equals("1") || required.equalsIgnoreCase("true")) {
            fail(message + " (REWIND_REQUIRE_POSTGRES is set, so this fails instead of skipping)");
        }
        System.out.println("Skipped: " + message);
        assumeTrue(false, "Skipped: " + message);
        throw new AssertionError("unreachable");
    }

    /** Restarts the cluster and waits until it answers again; fails if that takes longer than {@code timeout}. */
    void restart(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Run restart = run(command, timeout);
        if (restart.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + restart.exit() + ": "
                    + restart.output());
        }
        Await.until(PostgresRestart::answers, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                "PostgreSQL to answer again after " + String.join(" ", command));
    }

    private static boolean answers() {
        try (Connection connection = DriverManager.getConnection(PostgresSchemas.URL)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), UTF_8).trim());
    }
}
