package dev.rewind.core.command;

/**
 * Handles one command type. Most are registered through the bounded context's aggregate registration; this is the
 * plain form for commands that are not handled by an aggregate.
 *
 * @param <C> the command type
 */
@FunctionalInterface
public interface CommandHandler<C> {

    /** Handles the command; the metadata is what the resulting events must carry. */
    CommandResult handle(C command, CommandMessage message);
}
