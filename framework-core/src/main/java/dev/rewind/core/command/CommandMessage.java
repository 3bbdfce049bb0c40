package dev.rewind.core.command;

import dev.rewind.core.event.Metadata;
import java.util.Objects;
import java.util.UUID;

/**
 * A command on its way to its handler: the user's command record, a unique id, and the metadata the resulting events
 * will carry. Interceptors may replace the metadata with {@link #withMetadata(Metadata)}.
 *
 * @param commandId unique id of this dispatch; the resulting events get it as their causation id
 * @param command the user's command record
 * @param metadata correlation id, causation id and headers for the resulting events
 */
public record CommandMessage(UUID commandId, Object command, Metadata metadata) {

    /** Checks that nothing is missing. */
    public CommandMessage {
        Objects.requireNonNull(commandId, "commandId must not be null");
        Objects.requireNonNull(command, "command must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
    }

    /** A message for a command with a fresh id and empty metadata. */
    public static CommandMessage of(Object command) {
        return new CommandMessage(UUID.randomUUID(), command, Metadata.empty());
    }

    /** The same message with other metadata. */
    public CommandMessage withMetadata(Metadata newMetadata) {
        return new CommandMessage(commandId, command, newMetadata);
    }
}
