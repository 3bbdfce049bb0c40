package dev.rewind.core.eventstore;

import java.util.List;

/** Reads the global log: every committed event, in commit order, at dense positions starting at 1. */
public interface GlobalLogReader {

    /**
     * Reads up to {@code maxCount} events that pass the filter, with positions from {@code fromPosition} (inclusive).
     *
     * @throws IllegalArgumentException if {@code fromPosition} is below 1 or {@code maxCount} below 1
     */
    List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter);

    /** Reads up to {@code maxCount} events from {@code fromPosition} (inclusive), unfiltered. */
    default List<RecordedEvent> readAll(long fromPosition, int maxCount) {
        return readAll(fromPosition, maxCount, EventFilter.all());
    }

    /** The position of the last committed event, or 0 if the store is empty. */
    long headPosition();
}
