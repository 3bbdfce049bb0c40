package dev.rewind.core.eventstore;

import java.util.Objects;

/**
 * One stream as {@link StoreInspector#listStreams} lists it.
 *
 * @param streamId the stream's id
 * @param version the version of its last event (a stream with one event has version 0)
 */
public record StreamInfo(String streamId, long version) {

    /** Checks that nothing is missing. */
    public StreamInfo {
        Objects.requireNonNull(streamId, "streamId must not be null");
    }
}
