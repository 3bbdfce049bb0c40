package dev.rewind.examples.bank.http;

import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.examples.bank.accounts.domain.AccountClosedException;
import dev.rewind.examples.bank.accounts.domain.InsufficientFunds;
import java.util.Objects;
import java.util.UUID;

/**
 * Sends commands, with the id the request's {@code Idempotency-Key} gives (so a retry is applied once) and the
 * caller's {@code traceparent}, and turns the refusals a caller can cause into {@link HttpProblem}s.
 */
final class CommandErrors {

    private final CommandBus commands;

    CommandErrors(CommandBus commands) {
        this.commands = Objects.requireNonNull(commands, "commands must not be null");
    }

    /**
     * Sends a command.
     *
     * @param what what the command targets, for a 404 message ("account 42")
     * @throws HttpProblem 404 if the target does not exist, 409 if a business rule refuses the command or the
     *     target kept changing concurrently
     */
    CommandResult send(Request request, Object command, String what) {
        try {
            UUID id = request.commandId().orElseGet(UUID::randomUUID);
            return commands.send(new CommandMessage(id, command, request.metadata()));
        } catch (AggregateNotFoundException e) {
            throw HttpProblem.notFound(what + " does not exist");
        } catch (InsufficientFunds | AccountClosedException e) {
            throw HttpProblem.conflict(e.getMessage());
        } catch (CommandConflictException e) {
            throw conflictProblem(what);
        } catch (RemoteCommandException e) {
            throw remoteProblem(e, what);
        }
    }

    private static HttpProblem conflictProblem(String what) {
        return HttpProblem.conflict(what + " kept changing concurrently; nothing was changed, send the request again");
    }

    /**
     * The refusals of a command that another write side (the owner of its aggregate) ran, as if it had run here;
     * anything else (an owner out of reach) goes on to the server's 503.
     */
    private static RuntimeException remoteProblem(RemoteCommandException e, String what) {
        String type = e.remoteType();
        if (e.code() == CommandErrorCode.REJECTED && type.equals(AggregateNotFoundException.class.getName())) {
            return HttpProblem.notFound(what + " does not exist");
        }
        if (e.code() == CommandErrorCode.REJECTED && (type.equals(InsufficientFunds.class.getName())
                || type.equals(AccountClosedException.class.getName()))) {
            String message = e.getMessage();
            return HttpProblem.conflict(message.substring(message.indexOf("): ") + 3));
        }
        if (e.code() == CommandErrorCode.CONFLICT) {
            return conflictProblem(what);
        }
        return e;
    }
}
