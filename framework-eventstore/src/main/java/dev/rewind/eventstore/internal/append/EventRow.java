package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.internal.log.EventLog;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One event as the writer stores it: a row of {@code rewind_events} on PostgreSQL, a row of an {@link EventLog}
 * record in the embedded store.
 *
 * @param metadataJson the metadata as stored, already rendered to JSON (or null when empty)
 */
public record EventRow(long position, String streamId, long version, UUID eventId, String type, byte[] data,
        String metadataJson, OffsetDateTime recordedAt) {

    public static EventRow of(long position, String streamId, long version, NewEvent event, OffsetDateTime recordedAt) {
        return new EventRow(position, streamId, version, event.eventId(), event.type(), event.data(),
                MetadataJson.write(event.metadata()), recordedAt);
    }
}
