package dev.rewind.core.internal.command;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the commands of one aggregate inside this JVM, so in-process callers never race each other into a
 * version conflict. One fair lock per stream id that has a command in flight: waiters go in arrival order, and an
 * entry is dropped when its last user leaves, so the table holds only the aggregates being worked on.
 */
public final class AggregateLocks {

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** A fair lock and how many threads hold or wait for it; both change only inside the map's compute. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    /** Runs the work while holding the stream's lock; waiting can be interrupted. */
    public <T> T withLock(String streamId, Supplier<T> work) {
        Entry entry = entries.compute(streamId, (key, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.users++;
            return e;
        });
        try {
            entry.lock.lockInterruptibly();
            try {
                return work.get();
            } finally {
                entry.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for another command to " + streamId
                    + " to finish; the command was not handled", e);
        } finally {
            entries.computeIfPresent(streamId, (key, e) -> --e.users == 0 ? null : e);
        }
    }

    /** How many aggregates have a command in flight (for tests of the table's bound). */
    int size() {
        return entries.size();
    }
}
