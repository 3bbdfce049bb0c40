package dev.rewind.examples.bank.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the test's class path run as a child process, killed with SIGKILL and started again with the same
 * command line; its output goes to a log file of its own (every start appended), so a failure can be read after.
 */
final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final String readyLine;
    private final Path log;
    private Process process;
    private int starts;

    /**
     * @param name names the process in messages and its log file
     * @param mainClass the class to run
     * @param args its arguments
     * @param readyLine the start of the output line that says it is serving
     * @param logs the folder of the log files
     */
    ChildProcess(String name, String mainClass, List<String> args, String readyLine, Path logs) {
        this.name = name;
        this.readyLine = readyLine;
        this.log = logs.resolve(name + ".log");
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), mainClass));
        line.addAll(args);
        this.command = List.copyOf(line);
    }

    String name() {
        return name;
    }

    /** How many times it was started. */
    synchronized int starts() {
        return starts;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts it and waits, at most {@code seconds}, until it prints its ready line. */
    synchronized void start(int seconds) throws InterruptedException {
        if (alive()) {
            throw new IllegalStateException(name + " is running already");
        }
        starts++;
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Files.writeString(log, "---- start " + starts + ": " + String.join(" ", command) + "\n", UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        Process started = process;
        Thread reader = new Thread(() -> copyOutput(started, ready), name + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(seconds, TimeUnit.SECONDS)) {
            started.destroyForcibly();
            throw new AssertionError(name + " did not print '" + readyLine + "' within " + seconds + " s; see "
                    + log);
        }
    }

    private void copyOutput(Process started, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(readyLine)) {
                    ready.countDown();
                }
                Files.writeString(log, line + "\n", UTF_8, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the process was killed, or its log cannot be written: its exit shows in the test
        }
    }

    /** Kills it with SIGKILL and waits until it is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not die within 30 s of SIGKILL");
            }
        }
    }

    /** Kills it if it runs, for the end of a test. */
    void stop() throws InterruptedException {
        kill();
    }
}
