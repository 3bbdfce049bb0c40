package dev.rewind.eventstore.internal.log;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Shortcuts into long streams for {@link LogStreamReader}: the position of every {@link #STEP}th version of a stream,
 * learned while following its links back from its head. A read of versions {@code a..b} far below the head then
 * starts at the nearest known version at or above {@code b}, so paging through a stream of n events too long for
 * {@link StreamPositions} follows about n + pages x {@link #STEP} links instead of n for every page. A version's
 * position never changes, so a shortcut is never stale. Bounded: beyond {@link #MAX_STREAMS} streams, arbitrary
 * ones are dropped (8 bytes per {@link #STEP} events each).
 */
final class StreamAnchors {

    /** Every this many versions one position is kept. */
    static final int STEP = 4_096;
    private static final int MAX_STREAMS = 10_000;

    private final ConcurrentHashMap<String, AtomicLongArray> streams = new ConcurrentHashMap<>();

    /** A known version of a stream and its position. */
    record Anchor(long version, long position) {
    }

    /** The lowest known version at or above {@code version} of the stream, or null. Safe from any thread. */
    Anchor atOrAbove(String streamId, long version) {
        AtomicLongArray known = streams.get(streamId);
        if (known == null) {
            return null;
        }
        for (long step = (version + STEP - 1) / STEP; step < known.length(); step++) {
            long position = known.get((int) step);
            if (position != 0) {
                return new Anchor(step * STEP, position);
            }
        }
        return null;
    }

    /** Keeps the position of a version, if it is a multiple of {@link #STEP}. Safe from any thread. */
    void learned(String streamId, long version, long position) {
        if (version % STEP != 0) {
            return;
        }
        int step = (int) (version / STEP);
        AtomicLongArray known = streams.compute(streamId, (id, held) -> {
            if (held != null && held.length() > step) {
                return held;
            }
            AtomicLongArray grown = new AtomicLongArray(step + 1);
            for (int i = 0; held != null && i < held.length(); i++) {
                grown.set(i, held.get(i));
            }
            return grown;
        });
        known.set(step, position);
        if (streams.size() > MAX_STREAMS) {
            Iterator<String> ids = streams.keySet().iterator();
            while (streams.size() > MAX_STREAMS && ids.hasNext()) {
                String id = ids.next();
                if (!id.equals(streamId)) {
                    streams.remove(id);
                }
            }
        }
    }
}
