package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.AppendResult;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded store's bounded index of where the events of recently read streams are: per stream, the position of each
 * version. A stream read finds its positions here instead of following the {@link StreamIndex}'s links each time;
 * every event is still copied out of the event log. It holds positions only (8 bytes per event), never events.
 *
 * <p>Never stale: an entry holds a stream's versions 0 to n as the stream index had them when the entry was made, and
 * the writer extends it with every append to that stream before acknowledging it. Making an entry (following the
 * links) and extending one take the same per-stream lock, so an append lands either in the links or in the
 * extension, and one in both is recognised by its version. When the index holds more than its budget of
 * positions, arbitrary streams are dropped; a stream longer than a quarter of the budget is not kept at all.
 */
final class StreamPositions {

    private static final int LOCK_STRIPES = 64;

    /** Versions 0 to {@code count - 1} of one stream; readers read {@code count} before {@code positions}. */
    static final class Entry {
        private volatile long[] positions;
        private volatile int count;

        private Entry(long[] positions, int count) {
            this.positions = positions;
            this.count = count;
        }

        /** How many versions the entry holds (from version 0). */
        int count() {
            return count;
        }

        /** The position of a version below the {@link #count()} read before. */
        long position(int version) {
            return positions[version];
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final AtomicLong held = new AtomicLong();
    private final long budget;

    /** Keeps at most about {@code budget} positions (8 bytes each). */
    StreamPositions(long budget) {
        this.budget = budget;
        Arrays.setAll(locks, i -> new Object());
    }

    /** The largest stream kept, in events. */
    int longestKept() {
        return (int) Math.min(Integer.MAX_VALUE - 8, budget / 4);
    }

    /** The entry of a stream, or null if it is not held. */
    Entry get(String streamId) {
        return entries.get(streamId);
    }

    /** The lock that making and extending this stream's entry hold. */
    Object lockOf(String streamId) {
        return locks[(streamId.hashCode() & Integer.MAX_VALUE) % LOCK_STRIPES];
    }

    /**
     * Keeps a stream's positions of versions 0 to {@code count - 1}, read from the stream index while holding
     * {@link #lockOf(String)}; the array is taken over. Returns the entry. Call {@link #shrink} after releasing the
     * lock.
     */
    Entry put(String streamId, long[] positions, int count) {
        Entry entry = new Entry(positions, count);
        Entry replaced = entries.put(streamId, entry);
        held.addAndGet(positions.length - (replaced == null ? 0 : replaced.positions.length));
        return entry;
    }

    /** Extends the entry of the append's stream, if held, after its commit; called by the writer before it acks. */
    void appended(AppendResult result) {
        String streamId = result.streamId();
        synchronized (lockOf(streamId)) {
            Entry entry = entries.get(streamId);
            if (entry == null || entry.count > result.firstVersion()) {
                return;
            }
            int added = (int) (result.lastVersion() - result.firstVersion() + 1);
            if (entry.count < result.firstVersion() || entry.count + added > longestKept()) {
                remove(streamId, entry);
                return;
            }
            long[] positions = entry.positions;
            if (entry.count + added > positions.length) {
                positions = Arrays.copyOf(positions, Math.max(entry.count + added, positions.length * 2));
                held.addAndGet(positions.length - entry.positions.length);
            }
            for (int i = 0; i < added; i++) {
                positions[entry.count + i] = result.firstPosition() + i;
            }
            entry.positions = positions;
            entry.count += added;
        }
    }

    /**
     * Drops streams other than {@code keep} until the index is within its budget again; takes one stream lock at a
     * time, so the caller must hold none.
     */
    void shrink(String keep) {
        Iterator<String> streams = entries.keySet().iterator();
        while (held.get() > budget && streams.hasNext()) {
            String streamId = streams.next();
            if (!streamId.equals(keep)) {
                synchronized (lockOf(streamId)) {
                    Entry entry = entries.get(streamId);
                    if (entry != null) {
                        remove(streamId, entry);
                    }
                }
            }
        }
    }

    private void remove(String streamId, Entry entry) {
        if (entries.remove(streamId, entry)) {
            held.addAndGet(-entry.positions.length);
        }
    }
}
