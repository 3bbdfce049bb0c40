package dev.rewind.core.eventstore;

import dev.rewind.core.event.Metadata;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended: its id (the idempotency key), its stable type name, its payload bytes and metadata.
 *
 * <p>The store treats {@code data} as opaque bytes and returns them byte for byte.
 *
 * @param eventId unique id; appending an id that is already stored is idempotent
 * @param type stable type name, for example {@code MoneyDeposited.v1}
 * @param data the payload (usually JSON); not copied, so do not change it after the append
 * @param metadata correlation id, causation id and headers
 */
public record NewEvent(UUID eventId, String type, byte[] data, Metadata metadata) {

    /** Checks that nothing is missing; sizes and names are checked by the store against its {@link StoreLimits}. */
    public NewEvent {
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(data, "data must not be null (use an empty array)");
        Objects.requireNonNull(metadata, "metadata must not be null (use Metadata.empty())");
    }

    /** A new event with a random id and no metadata. */
    public static NewEvent of(String type, byte[] data) {
        return new NewEvent(UUID.randomUUID(), type, data, Metadata.empty());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewEvent that
                && eventId.equals(that.eventId)
                && type.equals(that.type)
                && Arrays.equals(data, that.data)
                && metadata.equals(that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, Arrays.hashCode(data), metadata);
    }

    @Override
    public String toString() {
        return "NewEvent[" + eventId + ", " + type + ", " + data.length + " bytes]";
    }
}
