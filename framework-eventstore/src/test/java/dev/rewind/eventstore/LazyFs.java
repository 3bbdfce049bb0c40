package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One LazyFS mount (a FUSE file system that keeps every write in its own cache until it is fsynced, and drops the
 * cache on command: a simulated power loss). The binary comes from the environment variable {@code REWIND_LAZYFS};
 * where it, {@code /dev/fuse} or root rights are missing, the tests are skipped with the reason printed, unless
 * {@code REWIND_REQUIRE_LAZYFS} (or the system property {@code rewind.requireLazyfs}) is {@code 1} or {@code true}.
 */
final class LazyFs implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String READY = "waiting for fault commands";
    private static final String CLEARED = "cache is cleared.";

    private final Path mount;
    private final Path log;
    private final Path fifo;
    private final Process process;

    private LazyFs(Path mount, Path log, Path fifo, Process process) {
        this.mount = mount;
        this.log = log;
        this.fifo = fifo;
        this.process = process;
    }

    /** The LazyFS binary; skips the calling test (or fails it, when LazyFS is required) where it cannot run. */
    static Path assumeAvailable() {
        String binary = System.getenv("REWIND_LAZYFS");
        String unavailable = unavailable(binary);
        if (unavailable == null) {
            return Path.of(binary);
        }
        String required = System.getenv().getOrDefault("REWIND_REQUIRE_LAZYFS",
                System.getProperty("rewind.requireLazyfs", ""));
        String reason = unavailable + " (build it from https://github.com/dsrhaslab/lazyfs; mounting needs root and"
                + " /dev/fuse)";
        if (required.equals("1") || required.equalsIgnoreCase("true")) {
            fail("LazyFS is required (REWIND_REQUIRE_LAZYFS / rewind.requireLazyfs=" + required + ") but " + reason);
        }
        System.out.println("Power-loss tests skipped: " + reason);
        assumeTrue(false, "Skipped: " + reason);
        return null;
    }

    private static String unavailable(String binary) {
        List<String> missing = new ArrayList<>();
        if (binary == null || binary.isBlank()) {
            missing.add("set REWIND_LAZYFS to a LazyFS binary");
        } else if (!Files.isExecutable(Path.of(binary))) {
            missing.add("REWIND_LAZYFS=" + binary + " is not an executable file");
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            missing.add("there is no /dev/fuse");
        }
        if (!isRoot()) {
            missing.add("this process is not root");
        }
        for (String tool : List.of("fusermount3", "unshare", "sync")) {
            if (!onPath(tool)) {
                missing.add(tool + " is not on the PATH");
            }
        }
        return missing.isEmpty() ? null : String.join("; ", missing);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false; // not Linux: no FUSE either
        }
        return false;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Mounts LazyFS at {@code mount} over the real folder {@code root}; {@code work} holds its config, fifo, log. */
    static LazyFs mount(Path binary, Path mount, Path root, Path work) throws IOException, InterruptedException {
        Files.createDirectories(mount);
        Files.createDirectories(root);
        Files.createDirectories(work);
        Path fifo = work.resolve("faults.fifo");
        Path config = work.resolve("lazyfs.toml");
        Path log = work.resolve("lazyfs.log");
        // A large cache without eviction: LazyFS must hold every unsynced write until the power loss.
        Files.writeString(config, String.join("\n",
                "[faults]",
                "fifo_path=\"" + fifo + "\"",
                "[cache]",
                "apply_eviction=false",
                "[cache.simple]",
                "custom_size=\"1gb\"",
                "blocks_per_page=1",
                "[filesystem]",
                "log_all_operations=false",
                "logfile=\"\"", ""));
        Process process = new ProcessBuilder(binary.toString(), mount.toString(), "--config-path", config.toString(),
                "-o", "allow_other", "-o", "modules=subdir", "-o", "subdir=" + root, "-f")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LazyFs lazyFs = new LazyFs(mount, log, fifo, process);
        try {
            lazyFs.awaitLog(READY, 0, "start");
            if (!isMounted(mount)) {
                throw new IllegalStateException("LazyFS is not mounted at " + mount + "; log:\n" + lazyFs.log());
            }
        } catch (RuntimeException | InterruptedException | IOException e) {
            lazyFs.close();
            throw e;
        }
        return lazyFs;
    }

    /**
     * The power cut: drops every write LazyFS holds that was not fsynced, then unmounts, leaving in the root folder
     * what a disk would hold. Whoever writes under the mount must be dead and {@link #syncMappedPages()} done first.
     */
    void powerLoss() throws IOException, InterruptedException {
        int before = count(CLEARED);
        Files.writeString(fifo, "lazyfs::clear-cache\n");
        awaitLog(CLEARED, before, "clear its cache");
        close();
    }

    /** {@code sync -f}: dirty pages of memory-mapped files under the mount reach LazyFS's cache (still unsynced). */
    void syncMappedPages() throws IOException, InterruptedException {
        run(List.of("sync", "-f", mount.toString()));
    }

    /** The mount point. */
    Path mount() {
        return mount;
    }

    /** Unmounts (what LazyFS still caches is lost) and waits for LazyFS to end; safe to call twice. */
    @Override
    public void close() throws IOException {
        try {
            unmount();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unmounting " + mount, e);
        }
    }

    private void unmount() throws IOException, InterruptedException {
        if (isMounted(mount)) {
            run(List.of("fusermount3", "-u", mount.toString()));
        }
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (isMounted(mount)) {
                run(List.of("fusermount3", "-uz", mount.toString()));
            }
            throw new IllegalStateException("LazyFS did not end after unmounting " + mount + "; log:\n" + log());
        }
        if (isMounted(mount)) {
            throw new IllegalStateException("still mounted: " + mount);
        }
    }

    /** LazyFS's own output. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, UTF_8) : "";
    }

    private int count(String text) throws IOException {
        return log().split(Pattern.quote(text), -1).length - 1;
    }

    private void awaitLog(String text, int before, String what) throws IOException, InterruptedException {
        await(() -> {
            try {
                return count(text) > before || !process.isAlive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (count(text) <= before) {
            throw new IllegalStateException("LazyFS did not " + what + " within " + DEADLINE + " (alive: "
                    + process.isAlive() + "); log:\n" + log());
        }
    }

    /** Polls a condition until it holds or the deadline passes; LazyFS offers nothing to block on but its log. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static boolean isMounted(Path mount) throws IOException {
        String wanted = mount.toAbsolutePath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[4].replace("\\040", " ").equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within " + DEADLINE);
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
