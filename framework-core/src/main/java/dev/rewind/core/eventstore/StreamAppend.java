package dev.rewind.core.eventstore;

import java.util.List;
import java.util.Objects;

/**
 * One append as a value, for {@link EventAppender#appendEach}: events for one stream, checked against an expected
 * version.
 *
 * @param streamId the stream to append to
 * @param expected the version the stream must be at
 * @param events the events, in order
 */
public record StreamAppend(String streamId, ExpectedVersion expected, List<NewEvent> events) {

    /** Checks that nothing is missing; the store checks the rest against its {@link StoreLimits}. */
    public StreamAppend {
        Objects.requireNonNull(expected, "expected must not be null (use ExpectedVersion.any())");
        Objects.requireNonNull(events, "events must not be null");
    }
}
