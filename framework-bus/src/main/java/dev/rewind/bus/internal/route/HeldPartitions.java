package dev.rewind.bus.internal.route;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions of group {@code aggregates} this process holds, and how many commands run on each. A command runs
 * locally only between {@link #enter} and {@link #exit}; {@link #update} stops new ones on the partitions given up
 * and waits (bounded) for those running, so a partition is handed over with no command of this process still on it.
 */
public final class HeldPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(HeldPartitions.class);

    private final boolean[] held;
    private final int[] running;

    /** None of {@code partitions} held yet. */
    public HeldPartitions(int partitions) {
        this.held = new boolean[partitions];
        this.running = new int[partitions];
    }

    /** How many partitions the group has. */
    public int partitions() {
        return held.length;
    }

    /** Starts a command on a partition if it is held here; false if not (the command must go elsewhere). */
    public synchronized boolean enter(int partition) {
        if (!held[partition]) {
            return false;
        }
        running[partition]++;
        return true;
    }

    /** Ends a command started with {@link #enter}. */
    public synchronized void exit(int partition) {
        if (--running[partition] == 0) {
            notifyAll();
        }
    }

    /** The partitions held now. */
    public synchronized Set<Integer> held() {
        Set<Integer> now = new HashSet<>();
        for (int p = 0; p < held.length; p++) {
            if (held[p]) {
                now.add(p);
            }
        }
        return now;
    }

    /**
     * Holds exactly {@code now}; for each partition given up, refuses new commands and waits up to {@code drain} for
     * the ones running to finish.
     *
     * @return the partitions given up
     */
    public synchronized Set<Integer> update(Set<Integer> now, Duration drain) throws InterruptedException {
        Set<Integer> released = new HashSet<>();
        for (int p = 0; p < held.length; p++) {
            if (held[p] && !now.contains(p)) {
                released.add(p);
            }
            held[p] = now.contains(p);
        }
        long until = System.nanoTime() + drain.toNanos();
        for (int p : released) {
            for (long left = until - System.nanoTime(); running[p] > 0 && left > 0; left = until - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
            if (running[p] > 0) {
                LOG.warn("Partition {} of group aggregates is handed over with {} command(s) still running here after"
                        + " {} ms; one that has not written yet meets the new owner's writes as a version conflict",
                        p, running[p], drain.toMillis());
            }
        }
        return released;
    }
}
