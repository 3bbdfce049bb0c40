package dev.rewind.core.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.serialization.JacksonEventSerializer;

/**
 * What a handled command did to its stream, and what its handler answered.
 *
 * <pre>{@code
 * AccountId id = commands.send(new OpenAccount(AccountId.newId(), "Ada")).value(AccountId.class);
 * }</pre>
 *
 * @param streamId the stream the command's events went to
 * @param version the stream's version after the command (-1 if it still does not exist)
 * @param position the global position of the last event appended, or 0 if the command appended none
 * @param eventCount how many events the command appended
 * @param value what the handler answered: the new aggregate's id for a creating command, what the decision
 *     returned for one registered with {@code onExistingReturning}/{@code onAnyReturning}, else null. Through a
 *     remote gateway it arrives as plain JSON values (maps, lists, strings, numbers); {@link #value(Class)} converts.
 */
public record CommandResult(String streamId, long version, long position, int eventCount, Object value) {

    private static final ObjectMapper CONVERTER = JacksonEventSerializer.defaultMapper();

    /** A result without a value. */
    public CommandResult(String streamId, long version, long position, int eventCount) {
        this(streamId, version, position, eventCount, null);
    }

    /**
     * The handler's answer as the given type, converted from its JSON form if it came from a remote service.
     *
     * @throws IllegalStateException if the handler answered nothing
     * @throws IllegalArgumentException if the answer cannot be read as that type
     */
    public <T> T value(Class<T> type) {
        if (value == null) {
            throw new IllegalStateException("The command's handler answered no value (stream " + streamId + "); only"
                    + " creating commands and those registered with onExistingReturning/onAnyReturning answer one.");
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return CONVERTER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The command's answer (" + value.getClass().getSimpleName() + ") cannot"
                    + " be read as " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
