package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Child JVMs for the multi-process tests: started on this test's class path, ready once they print a line. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The command running {@code mainClass} with {@code args} in a JVM on this test's class path. */
    public static List<String> java(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts a process and returns once it printed a line starting with {@code ready}; fails (killing it) if that
     * takes over 120 s, showing what it printed.
     */
    public static Process start(List<String> command, String ready) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch serving = new CountDownLatch(1);
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith(ready)) {
                        serving.countDown();
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        if (!serving.await(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("The process did not start within 120 s; it printed " + output);
            }
        }
        return process;
    }
}
