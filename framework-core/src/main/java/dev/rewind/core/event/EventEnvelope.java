package dev.rewind.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored event, deserialized: the user's event record together with where and when it was stored.
 *
 * @param eventId the event's unique id
 * @param streamId the stream it belongs to, for example {@code account-acc-7}
 * @param streamVersion its version within the stream (the first event of a stream is version 0)
 * @param globalPosition its position in the global log (dense, starting at 1)
 * @param typeName the stable type name it was stored under
 * @param recordedAt when the store committed it
 * @param metadata correlation id, causation id and headers
 * @param event the user's event record
 * @param <E> the event type
 */
public record EventEnvelope<E>(
        UUID eventId,
        String streamId,
        long streamVersion,
        long globalPosition,
        String typeName,
        Instant recordedAt,
        Metadata metadata,
        E event) {

    /** Checks that nothing is missing. */
    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(typeName, "typeName must not be null");
        Objects.requireNonNull(recordedAt, "recordedAt must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(event, "event must not be null");
    }
}
