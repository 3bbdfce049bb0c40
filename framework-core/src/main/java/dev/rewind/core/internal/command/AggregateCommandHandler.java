package dev.rewind.core.internal.command;

import dev.rewind.core.command.AggregateAlreadyExistsException;
import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.CommandHandler;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Handles a command with an aggregate: load (or create), decide, append; on a version conflict it starts again from
 * a fresh load, up to a bounded number of attempts.
 *
 * @param <ID> the aggregate id type
 * @param <A> the aggregate type
 * @param <C> the command type
 */
public final class AggregateCommandHandler<ID, A extends AggregateRoot<ID, ?>, C> implements CommandHandler<C> {

    private final AggregateRepository<ID, A> repository;
    private final Class<C> commandType;
    private final ExpectedState expected;
    private final Function<? super C, ? extends ID> targetId;
    private final Function<? super C, ? extends A> creator;
    private final BiConsumer<? super A, ? super C> decision;
    private final int maxAttempts;

    private AggregateCommandHandler(AggregateRepository<ID, A> repository, Class<C> commandType,
            ExpectedState expected, Function<? super C, ? extends ID> targetId,
            Function<? super C, ? extends A> creator, BiConsumer<? super A, ? super C> decision, int maxAttempts) {
        this.repository = Objects.requireNonNull(repository, "repository must not be null");
        this.commandType = Objects.requireNonNull(commandType, "commandType must not be null");
        this.expected = expected;
        this.targetId = Objects.requireNonNull(targetId, "targetId must not be null");
        this.creator = creator;
        this.decision = decision;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** A handler for a command that creates its aggregate with {@code creator}. */
    public static <ID, A extends AggregateRoot<ID, ?>, C> AggregateCommandHandler<ID, A, C> creating(
            AggregateRepository<ID, A> repository, Class<C> commandType, Function<? super C, ? extends ID> targetId,
            Function<? super C, ? extends A> creator) {
        return new AggregateCommandHandler<>(repository, commandType, ExpectedState.NEW, targetId,
                Objects.requireNonNull(creator, "creator must not be null"), null, 1);
    }

    /** A handler for a command changing an aggregate that must exist ({@code EXISTING}) or may not ({@code ANY}). */
    public static <ID, A extends AggregateRoot<ID, ?>, C> AggregateCommandHandler<ID, A, C> changing(
            AggregateRepository<ID, A> repository, Class<C> commandType, ExpectedState expected,
            Function<? super C, ? extends ID> targetId, BiConsumer<? super A, ? super C> decision,
            int maxAttempts) {
        if (expected == ExpectedState.NEW) {
            throw new IllegalArgumentException("Use creating(...) for commands that create their aggregate");
        }
        return new AggregateCommandHandler<>(repository, commandType, expected, targetId, null,
                Objects.requireNonNull(decision, "decision must not be null"), maxAttempts);
    }

    @Override
    public CommandResult handle(C command, CommandMessage message) {
        ID id = targetId.apply(command);
        if (id == null) {
            throw new IllegalArgumentException(commandType.getSimpleName() + " names no target aggregate: its id is"
                    + " null.");
        }
        WrongExpectedVersionException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return attempt(id, command, message);
            } catch (WrongExpectedVersionException conflict) {
                if (expected == ExpectedState.NEW) {
                    throw new AggregateAlreadyExistsException(commandType, conflict.streamId(), conflict.actual());
                }
                last = conflict;
            }
        }
        throw new CommandConflictException(commandType, maxAttempts, last);
    }

    private CommandResult attempt(ID id, C command, CommandMessage message) {
        A aggregate;
        if (expected == ExpectedState.NEW) {
            aggregate = repository.adopt(creator.apply(command), id);
        } else {
            Optional<A> loaded = repository.load(id);
            if (loaded.isEmpty() && expected == ExpectedState.EXISTING) {
                throw new AggregateNotFoundException(commandType, repository.type().streamId(id));
            }
            aggregate = loaded.orElseGet(() -> repository.create(id));
            decision.accept(aggregate, command);
        }
        Optional<AppendResult> saved = repository.save(aggregate, message.metadata(), message.commandId());
        return saved.map(r -> new CommandResult(r.streamId(), r.lastVersion(), r.lastPosition(),
                        (int) (r.lastVersion() - r.firstVersion() + 1)))
                .orElseGet(() -> new CommandResult(repository.type().streamId(id), aggregate.version(), 0, 0));
    }
}
