package dev.rewind.core.serialization;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.eventstore.RecordedEvent;

/** Turns event records into stored bytes under their stable type names, and back (upcasting old versions). */
public interface EventSerializer {

    /**
     * Serializes an event under its registered type name.
     *
     * @throws EventSerializationException if the event's class is not registered or cannot be written
     */
    SerializedEvent serialize(Object event);

    /**
     * Reads a stored event into its current class, applying upcasters as needed.
     *
     * @throws UnknownEventTypeException if its type name is not registered and no upcaster leads to one
     * @throws EventSerializationException if its bytes cannot be read as that type
     */
    Object deserialize(RecordedEvent stored);

    /** Reads a stored event into an envelope with its position, stream and metadata. */
    default EventEnvelope<Object> toEnvelope(RecordedEvent stored) {
        return new EventEnvelope<>(stored.eventId(), stored.streamId(), stored.streamVersion(),
                stored.globalPosition(), stored.type(), stored.recordedAt(), stored.metadata(), deserialize(stored));
    }

    /** Whether a stored type name can be read (registered, or upcast to a registered one). */
    boolean canRead(String typeName);
}
