package dev.rewind.core.eventstore;

import java.util.List;

/** Reads one stream forward. */
public interface StreamReader {

    /**
     * Reads up to {@code maxCount} events of a stream, in version order, starting at {@code fromVersion} (inclusive).
     * A stream that does not exist reads as empty.
     */
    List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount);

    /** Reads a whole stream from its first event. */
    default List<RecordedEvent> readStream(String streamId) {
        return readStream(streamId, 0, Integer.MAX_VALUE);
    }
}
