package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs power losses against embedded stores: a few stores, each cut several times. One cut mounts LazyFS over the
 * store's real folder, runs {@link PowerLossWriter} until it has acknowledged a random number of events (or for a
 * random time), kills it with SIGKILL, syncs memory-mapped pages into LazyFS, drops every unsynced write and
 * unmounts; then {@link PowerLossCheck} reopens the real folder under a new boot id and {@link PowerLossDump} is
 * checked against what was acknowledged.
 */
final class PowerLossTester {

    /** What the cuts of one durability mode added up to. */
    record Totals(int cuts, long acknowledged, long lost, long inFlightKept) {
    }

    private static final long CHILD_DEADLINE_SECONDS = 120;
    private static final String EOF = "\u0000EOF";

    private final Path binary;
    private final String mode;
    private final Path folder;
    private final Random random;
    private int cuts;
    private long acknowledged;
    private long lost;
    private long inFlightKept;

    PowerLossTester(Path binary, String mode, Path folder, long seed) {
        this.binary = binary;
        this.mode = mode;
        this.folder = folder;
        this.random = new Random(seed);
        System.out.println("Power loss, " + mode + " mode: seed " + seed + " (-Drewind.powerloss.seed=" + seed
                + " repeats the choices, not the timing)");
    }

    /** Cuts each of {@code stores} fresh stores {@code cutsPerStore} times. */
    Totals run(int stores, int cutsPerStore) throws Exception {
        for (int store = 0; store < stores; store++) {
            Path root = folder.resolve("root-" + store);
            List<PowerLossDump.Stored> survived = List.of();
            for (int cut = 0; cut < cutsPerStore; cut++) {
                survived = cut(store, cut, root, survived);
            }
        }
        System.out.printf("%s mode: %d cuts, %,d acknowledged, %,d lost, %,d unacknowledged (in flight) kept%n",
                mode, cuts, acknowledged, lost, inFlightKept);
        return new Totals(cuts, acknowledged, lost, inFlightKept);
    }

    /** One power loss; returns what the store holds after it (the next cut must keep all of that). */
    private List<PowerLossDump.Stored> cut(int store, int cut, Path root, List<PowerLossDump.Stored> before)
            throws Exception {
        long started = System.nanoTime();
        String name = store + "-" + cut;
        Path work = folder.resolve("work-" + name);
        int threads = 1 + random.nextInt(4);
        boolean byCount = random.nextBoolean();
        int cutAfter = byCount ? 200 + random.nextInt(3_000) : 300 + random.nextInt(1_700);
        List<Ack> acks;
        try (LazyFs lazyFs = LazyFs.mount(binary, folder.resolve("mnt-" + name), root, work)) {
            acks = write(lazyFs.mount().resolve("store"), threads, name, byCount, cutAfter, work);
            lazyFs.syncMappedPages();
            lazyFs.powerLoss();
        }
        PowerLossDump dump = check(root.resolve("store"), work);
        PowerLossDump.Outcome outcome = dump.verify(before, acks, "store " + store + " cut " + cut);
        if (mode.equals("disk")) {
            assertThat(outcome.lost()).as("acknowledged events lost in disk mode at store %d cut %d (first lost: %s;"
                    + " head %d; reopening log:%n%s)", store, cut, outcome.firstLost(), dump.head(), dump.log())
                    .isZero();
        }
        cuts++;
        acknowledged += acks.size();
        lost += outcome.lost();
        inFlightKept += outcome.inFlightKept();
        System.out.printf("  %s store %d cut %d: %d threads, cut after %s, %,d acknowledged, %,d lost,"
                        + " %d in flight kept, head %,d, %.1f s%s%n", mode, store, cut, threads,
                byCount ? cutAfter + " acks" : cutAfter + " ms", acks.size(), outcome.lost(),
                outcome.inFlightKept(), dump.head(), (System.nanoTime() - started) / 1e9, dump.notableLog());
        return dump.afterCheck();
    }

    /** Runs the writer under the mount and kills it with SIGKILL once it has acknowledged enough. */
    private List<Ack> write(Path store, int threads, String name, boolean byCount, int cutAfter, Path work)
            throws Exception {
        Path stderr = work.resolve("writer.err");
        Process child = new ProcessBuilder(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), PowerLossWriter.class.getName(), store.toString(), mode,
                Integer.toString(threads), name)
                .redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(child, lines), "writer-output-" + name);
        reader.setDaemon(true);
        reader.start();
        List<Ack> acks = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_DEADLINE_SECONDS);
            long cutAt = Long.MAX_VALUE;
            while (byCount ? acks.size() < cutAfter : System.nanoTime() < cutAt) {
                long wait = Math.min(deadline, cutAt) - System.nanoTime();
                String line = lines.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
                if (line == null && System.nanoTime() >= deadline) {
                    fail("the writer acknowledged %d events in %d s; stderr:%n%s", acks.size(),
                            CHILD_DEADLINE_SECONDS, Files.readString(stderr));
                }
                if (line != null) {
                    take(line, acks, stderr);
                    if (!byCount && cutAt == Long.MAX_VALUE && !acks.isEmpty()) {
                        // The time to the cut counts from the first acknowledgement, not from the JVM's start.
                        cutAt = System.nanoTime() + cutAfter * 1_000_000L;
                    }
                }
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS)).as("writer ended").isTrue();
            // Whatever it printed before it died was acknowledged too.
            for (String line = lines.poll(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS); line != null && !line.equals(EOF);
                    line = lines.poll(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                take(line, acks, stderr);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
        return acks;
    }

    private static void readLines(Process child, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("FAIL reading the writer's output: " + e);
        }
        lines.add(EOF);
    }

    private static void take(String line, List<Ack> acks, Path stderr) throws IOException {
        if (line.startsWith("FAIL") || line.equals(EOF)) {
            fail("the writer failed or died before the cut: %s; stderr:%n%s", line, Files.readString(stderr));
        }
        String[] parts = line.split(" ");
        if (parts.length == 5 && parts[0].equals("ACK")) {
            acks.add(new Ack(Long.parseLong(parts[1]), UUID.fromString(parts[2]), parts[3],
                    Long.parseLong(parts[4])));
        }
        // Anything else is READY or a line cut short by the kill, which nobody saw acknowledged.
    }

    /** Reopens the store's real folder in a child that sees a new boot id, as after a reboot. */
    private PowerLossDump check(Path store, Path work) throws Exception {
        Path bootId = work.resolve("boot_id");
        Files.writeString(bootId, UUID.randomUUID() + "\n");
        Path dump = work.resolve("check.dump");
        Path log = work.resolve("check.log");
        // The bind mount lives only in the new mount namespace; "$0" and "$@" keep the paths unquoted.
        Process child = new ProcessBuilder("unshare", "-m", "sh", "-c",
                "mount --bind \"$0\" /proc/sys/kernel/random/boot_id && exec \"$@\"", bootId.toString(),
                java(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PowerLossCheck.class.getName(), store.toString(), mode, dump.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(CHILD_DEADLINE_SECONDS, TimeUnit.SECONDS)).as("the check ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(child.exitValue()).as("the store reopened after the power loss and was read; output:%n%s", output)
                .isZero();
        PowerLossDump result = PowerLossDump.parse(Files.readAllLines(dump), output);
        assertThat(result.bootId()).as("boot id the check saw").isEqualTo(Files.readString(bootId).strip());
        return result;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** An event the writer acknowledged. */
    record Ack(long position, UUID eventId, String streamId, long version) {
    }
}
