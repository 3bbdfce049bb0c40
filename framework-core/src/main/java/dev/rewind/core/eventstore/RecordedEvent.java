package dev.rewind.core.eventstore;

import dev.rewind.core.event.Metadata;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the store holds it: the appended bytes plus the stream version and global position the store gave it.
 *
 * @param eventId the id it was appended with
 * @param streamId the stream it belongs to
 * @param streamVersion its version in the stream, starting at 0
 * @param globalPosition its position in the global log, dense and starting at 1
 * @param type its stable type name
 * @param data the payload bytes, exactly as appended
 * @param metadata correlation id, causation id and headers
 * @param recordedAt when the store committed it
 */
public record RecordedEvent(
        UUID eventId,
        String streamId,
        long streamVersion,
        long globalPosition,
        String type,
        byte[] data,
        Metadata metadata,
        Instant recordedAt) {

    /** Checks that nothing is missing. */
    public RecordedEvent {
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(data, "data must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(recordedAt, "recordedAt must not be null");
    }

    /** The stream's category: the part of the stream id before the first {@code -}, or the whole id. */
    public String category() {
        return EventFilter.categoryOf(streamId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedEvent that
                && eventId.equals(that.eventId)
                && streamId.equals(that.streamId)
                && streamVersion == that.streamVersion
                && globalPosition == that.globalPosition
                && type.equals(that.type)
                && Arrays.equals(data, that.data)
                && metadata.equals(that.metadata)
                && recordedAt.equals(that.recordedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, globalPosition);
    }

    @Override
    public String toString() {
        return "RecordedEvent[#" + globalPosition + " " + streamId + "@" + streamVersion + " " + type + ", "
                + data.length + " bytes]";
    }
}
