package dev.rewind.core.command;

import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to their registered handlers, through the interceptors, and reports what they did.
 *
 * <pre>{@code
 * CommandResult result = commandBus.send(new Deposit(accountId, 100));
 * commandBus.sendAsync(new Deposit(accountId, 100)).thenAccept(r -> log(r.position()));
 * }</pre>
 */
public interface CommandBus {

    /**
     * Handles a command and returns once its events are committed.
     *
     * @throws NoHandlerException if no handler is registered for the command's type
     * @throws CommandConflictException if its stream kept changing concurrently beyond the retry limit
     * @throws RuntimeException whatever the aggregate or an interceptor threw to reject the command
     */
    CommandResult send(Object command);

    /** Handles a command message (with its own id and metadata), as {@link #send(Object)}. */
    CommandResult send(CommandMessage message);

    /** Handles a command on the bus's executor; the future fails with the exception {@link #send} would throw. */
    CompletableFuture<CommandResult> sendAsync(Object command);
}
