package dev.rewind.core.internal.command;

import dev.rewind.core.internal.metrics.CommandMeters;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Handles a command with an aggregate: load (or create), decide, append. Commands to the same aggregate in this JVM
 * take turns (see {@link AggregateLocks}), so only another process can change the stream under a command; on such a
 * conflict it waits a random, growing pause and starts again from a fresh load, up to a bounded number of attempts.
 *
 * <p>A command that is handled again with the same command id (re-sent after its first outcome was lost) stores
 * nothing new: its event ids derive from the command id, so the store answers the original append; and when its
 * decision now fails on the state its own first run left (a rule it already satisfied), the original append is
 * looked up and answered instead of the failure (without the decision's answer value).
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
    private final BiFunction<? super A, ? super C, ?> decision;
    private final int maxAttempts;
    private final AggregateLocks locks;

    /** The first pause after a conflict; each further one may be up to twice as long, capped. */
    private static final long FIRST_PAUSE_NANOS = 1_000_000;
    private static final long MAX_PAUSE_NANOS = 100_000_000;

    private AggregateCommandHandler(AggregateRepository<ID, A> repository, Class<C> commandType,
            ExpectedState expected, Function<? super C, ? extends ID> targetId,
            Function<? super C, ? extends A> creator, BiFunction<? super A, ? super C, ?> decision, int maxAttempts,
            AggregateLocks locks) {
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
        this.locks = Objects.requireNonNull(locks, "locks must not be null");
    }

    /**
     * A handler for a command that creates its aggregate with {@code creator}; its result's value is the new
     * aggregate's id.
     */
    public static <ID, A extends AggregateRoot<ID, ?>, C> AggregateCommandHandler<ID, A, C> creating(
            AggregateRepository<ID, A> repository, Class<C> commandType, Function<? super C, ? extends ID> targetId,
            Function<? super C, ? extends A> creator, AggregateLocks locks) {
        return new AggregateCommandHandler<>(repository, commandType, ExpectedState.NEW, targetId,
                Objects.requireNonNull(creator, "creator must not be null"), null, 1, locks);
    }

    /**
     * A handler for a command changing an aggregate that must exist ({@code EXISTING}) or may not ({@code ANY});
     * what the decision returns is the result's value.
     */
    public static <ID, A extends AggregateRoot<ID, ?>, C> AggregateCommandHandler<ID, A, C> changing(
            AggregateRepository<ID, A> repository, Class<C> commandType, ExpectedState expected,
            Function<? super C, ? extends ID> targetId, BiFunction<? super A, ? super C, ?> decision,
            int maxAttempts, AggregateLocks locks) {
        if (expected == ExpectedState.NEW) {
            throw new IllegalArgumentException("Use creating(...) for commands that create their aggregate");
        }
        return new AggregateCommandHandler<>(repository, commandType, expected, targetId, null,
                Objects.requireNonNull(decision, "decision must not be null"), maxAttempts, locks);
    }

    @Override
    public CommandResult handle(C command, CommandMessage message) {
        ID id = targetId.apply(command);
        if (id == null) {
            throw new IllegalArgumentException(commandType.getSimpleName() + " names no target aggregate: its id is"
                    + " null.");
        }
        return locks.withLock(repository.type().streamId(id), () -> handleInTurn(id, command, message));
    }

    private CommandResult handleInTurn(ID id, C command, CommandMessage message) {
        WrongExpectedVersionException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pauseBeforeAttempt(attempt);
            }
            try {
                return attempt(id, command, message);
            } catch (WrongExpectedVersionException conflict) {
                if (expected == ExpectedState.NEW) {
                    throw new AggregateAlreadyExistsException(commandType, conflict.streamId(), conflict.actual());
                }
                last = conflict;
                CommandMeters.conflict(repository.type().category());
            }
        }
        throw new CommandConflictException(commandType, maxAttempts, last);
    }

    /** Full jitter: a random pause up to a bound that doubles per attempt, so competing processes spread out. */
    private static void pauseBeforeAttempt(int attempt) {
        long bound = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(attempt - 2, 20));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    private CommandResult attempt(ID id, C command, CommandMessage message) {
        A aggregate;
        Object value;
        if (expected == ExpectedState.NEW) {
            aggregate = repository.adopt(creator.apply(command), id);
            value = id;
        } else {
            Optional<A> loaded = repository.load(id);
            if (loaded.isEmpty() && expected == ExpectedState.EXISTING) {
                throw new AggregateNotFoundException(commandType, repository.type().streamId(id));
            }
            aggregate = loaded.orElseGet(() -> repository.create(id));
            long loadedAt = aggregate.version();
            try {
                value = decision.apply(aggregate, command);
                return result(id, aggregate, value, repository.save(aggregate, message.metadata(),
                        message.commandId()));
            } catch (WrongExpectedVersionException conflict) {
                throw conflict;
            } catch (RuntimeException failure) {
                // a redelivered command meets state that already has its events: answer what it did then
                Optional<AppendResult> original = repository.savedBy(id, message.commandId(), loadedAt);
                if (original.isPresent()) {
                    return result(id, aggregate, null, original);
                }
                throw failure;
            }
        }
        return result(id, aggregate, value, repository.save(aggregate, message.metadata(), message.commandId()));
    }

    private CommandResult result(ID id, A aggregate, Object value, Optional<AppendResult> saved) {
        return saved.map(r -> new CommandResult(r.streamId(), r.lastVersion(), r.lastPosition(),
                        (int) (r.lastVersion() - r.firstVersion() + 1), value))
                .orElseGet(() -> new CommandResult(repository.type().streamId(id), aggregate.version(), 0, 0, value));
    }
}
