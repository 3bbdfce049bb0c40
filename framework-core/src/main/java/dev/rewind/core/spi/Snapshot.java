package dev.rewind.core.spi;

import java.util.Objects;

/**
 * A stored snapshot: the captured state of a stream's aggregate at a version.
 *
 * @param streamId the aggregate's stream
 * @param version the version of the last event included
 * @param data the captured state as JSON bytes
 */
public record Snapshot(String streamId, long version, byte[] data) {

    /** Checks the arguments. */
    public Snapshot {
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(data, "data must not be null");
    }
}
