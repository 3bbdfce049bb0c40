package dev.rewind.core.aggregate;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * When and how to snapshot an aggregate: every {@code every} events, its state is captured as a record of type
 * {@code S} (stored as JSON) and later restored into a fresh instance, so loading reads only the events after it.
 * Snapshots change speed only, never results.
 *
 * @param every take a snapshot when a save crosses a multiple of this many events
 * @param stateClass the record holding the captured state
 * @param capture reads the state out of an aggregate
 * @param restore writes the state into a fresh aggregate
 * @param <A> the aggregate type
 * @param <S> the state record type
 */
public record SnapshotPolicy<A, S>(int every, Class<S> stateClass, Function<A, S> capture, BiConsumer<A, S> restore) {

    /** Checks the arguments. */
    public SnapshotPolicy {
        if (every < 1) {
            throw new IllegalArgumentException("Snapshots are taken every N events with N at least 1, got " + every);
        }
        Objects.requireNonNull(stateClass, "stateClass must not be null");
        Objects.requireNonNull(capture, "capture must not be null");
        Objects.requireNonNull(restore, "restore must not be null");
    }
}
