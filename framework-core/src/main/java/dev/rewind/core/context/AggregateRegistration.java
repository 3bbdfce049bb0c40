package dev.rewind.core.context;

import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.aggregate.AggregateType;
import dev.rewind.core.aggregate.SnapshotPolicy;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.AggregateLocks;
import dev.rewind.core.internal.command.AggregateWiring;
import dev.rewind.core.internal.command.ExpectedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The commands one aggregate handles, registered explicitly with what each expects of the aggregate.
 *
 * <pre>{@code
 * context.aggregate(Account.class, "account", Account::new, AccountId::value)
 *         .onNew(OpenAccount.class, OpenAccount::accountId, c -> Account.open(c.accountId(), c.owner()))
 *         .onExisting(Deposit.class, Deposit::accountId, (account, c) -> account.deposit(c.amountCents()));
 * }</pre>
 *
 * @param <ID> the aggregate id type
 * @param <A> the aggregate type
 */
public final class AggregateRegistration<ID, A extends AggregateRoot<ID, ?>> {

    private AggregateType<ID, A> type;
    private final List<CommandRoute<ID, A, ?>> routes = new ArrayList<>();

    static {
        AggregateWiring.install(new AggregateWiring.Wiring() {
            @Override
            public <I, R extends AggregateRoot<I, ?>> void addHandlers(AggregateRegistration<I, R> aggregate,
                    CommandHandlers.Builder handlers, AggregateRepository<I, R> repository, int maxAttempts) {
                aggregate.addHandlers(handlers, repository, maxAttempts);
            }
        });
    }

    AggregateRegistration(AggregateType<ID, A> type) {
        this.type = type;
    }

    /**
     * A command that creates the aggregate; it fails if the target stream exists already. Its result's
     * {@link dev.rewind.core.command.CommandResult#value(Class) value} is the new aggregate's id.
     */
    public <C> AggregateRegistration<ID, A> onNew(Class<C> commandType, Function<? super C, ? extends ID> targetId,
            Function<? super C, ? extends A> creator) {
        Objects.requireNonNull(creator, "creator must not be null");
        return add(new CommandRoute<ID, A, C>(commandType, ExpectedState.NEW, targetId, creator, null));
    }

    /** A command for an aggregate that must exist. */
    public <C> AggregateRegistration<ID, A> onExisting(Class<C> commandType,
            Function<? super C, ? extends ID> targetId, BiConsumer<? super A, ? super C> decision) {
        Objects.requireNonNull(decision, "decision must not be null");
        return add(new CommandRoute<ID, A, C>(commandType, ExpectedState.EXISTING, targetId, null,
                answeringNothing(decision)));
    }

    /**
     * A command for an aggregate that must exist, whose decision answers the caller: what it returns is the
     * result's {@link dev.rewind.core.command.CommandResult#value(Class) value}.
     */
    public <C> AggregateRegistration<ID, A> onExistingReturning(Class<C> commandType,
            Function<? super C, ? extends ID> targetId, BiFunction<? super A, ? super C, ?> decision) {
        Objects.requireNonNull(decision, "decision must not be null");
        return add(new CommandRoute<ID, A, C>(commandType, ExpectedState.EXISTING, targetId, null, decision));
    }

    /** A command for the aggregate whether it exists or not (an empty instance if not). */
    public <C> AggregateRegistration<ID, A> onAny(Class<C> commandType, Function<? super C, ? extends ID> targetId,
            BiConsumer<? super A, ? super C> decision) {
        Objects.requireNonNull(decision, "decision must not be null");
        return add(new CommandRoute<ID, A, C>(commandType, ExpectedState.ANY, targetId, null,
                answeringNothing(decision)));
    }

    /** A command for the aggregate whether it exists or not, whose decision's return value answers the caller. */
    public <C> AggregateRegistration<ID, A> onAnyReturning(Class<C> commandType,
            Function<? super C, ? extends ID> targetId, BiFunction<? super A, ? super C, ?> decision) {
        Objects.requireNonNull(decision, "decision must not be null");
        return add(new CommandRoute<ID, A, C>(commandType, ExpectedState.ANY, targetId, null, decision));
    }

    private static <A, C> BiFunction<A, C, Object> answeringNothing(BiConsumer<? super A, ? super C> decision) {
        return (aggregate, command) -> {
            decision.accept(aggregate, command);
            return null;
        };
    }

    /** Takes a snapshot of this aggregate per the policy; loading then reads only the events after it. */
    public AggregateRegistration<ID, A> snapshots(SnapshotPolicy<A, ?> policy) {
        type = type.withSnapshots(Objects.requireNonNull(policy, "policy must not be null"));
        return this;
    }

    private AggregateRegistration<ID, A> add(CommandRoute<ID, A, ?> route) {
        Objects.requireNonNull(route.commandType(), "commandType must not be null");
        Objects.requireNonNull(route.targetId(), "targetId must not be null");
        for (CommandRoute<ID, A, ?> existing : routes) {
            if (existing.commandType().equals(route.commandType())) {
                throw new IllegalStateException("Command " + route.commandType().getName() + " is registered twice"
                        + " for " + type.aggregateClass().getSimpleName() + "; keep one registration.");
            }
        }
        routes.add(route);
        return this;
    }

    /** The aggregate type with its category and snapshot policy. */
    public AggregateType<ID, A> type() {
        return type;
    }

    /** The command types registered for this aggregate. */
    public List<Class<?>> commandTypes() {
        return routes.stream().<Class<?>>map(CommandRoute::commandType).toList();
    }

    /** Whether this aggregate handles the command type. */
    public boolean handles(Class<?> commandType) {
        return routes.stream().anyMatch(route -> route.commandType().equals(commandType));
    }

    /** Finds the stream id a command of this aggregate targets. */
    @SuppressWarnings("unchecked")
    public String streamIdOf(Object command) {
        for (CommandRoute<ID, A, ?> route : routes) {
            if (route.commandType().equals(command.getClass())) {
                ID id = ((Function<Object, ID>) route.targetId()).apply(command);
                return type.streamId(id);
            }
        }
        throw new IllegalArgumentException(type.aggregateClass().getSimpleName() + " does not handle "
                + command.getClass().getName());
    }

    private void addHandlers(CommandHandlers.Builder handlers, AggregateRepository<ID, A> repository,
            int maxAttempts) {
        AggregateLocks locks = new AggregateLocks();
        for (CommandRoute<ID, A, ?> route : routes) {
            route.addTo(handlers, repository, maxAttempts, locks);
        }
    }
}
