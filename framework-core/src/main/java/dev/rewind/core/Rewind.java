package dev.rewind.core;

import dev.rewind.core.internal.process.ProcessConnections;
import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandHandler;
import dev.rewind.core.internal.command.AggregateWiring;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.command.CommandInterceptor;
import dev.rewind.core.internal.command.LocalCommandBus;
import dev.rewind.core.context.AggregateRegistration;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.internal.process.StoreDeadlines;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.serialization.Upcaster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The running framework: one object that owns the command bus, the repositories and the projection runner of a set
 * of bounded contexts over one event store, and that starts and closes them.
 *
 * <pre>{@code
 * try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(accounts).build().start()) {
 *     CommandResult opened = rewind.commands().send(new OpenAccount(new AccountId("acc-1"), "Ada"));
 * }
 * }</pre>
 *
 * <p>With Guice, {@code RewindModule} provides it; without, {@link #builder()} does the same wiring.
 */
public final class Rewind implements AutoCloseable {

    private final EventStore store;
    private final boolean closeStore;
    private final EventTypes eventTypes;
    private final EventSerializer serializer;
    private final CommandBus commands;
    private final ProjectionRunner projections;
    private final Map<Class<?>, AggregateRepository<?, ?>> repositories;
    private final Map<Class<?>, AggregateRegistration<?, ?>> targets;
    private final StoreDeadlines deadlines;
    private final PartitionLeases partitionLeases;
    private boolean started;
    private boolean closed;

    private Rewind(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "an event store is required: call store(...)");
        this.closeStore = builder.closeStore;
        this.partitionLeases = builder.partitionLeases == null ? PartitionLeases.local() : builder.partitionLeases;
        EventTypes types = EventTypes.none();
        List<Upcaster> upcasters = new ArrayList<>();
        for (BoundedContext context : builder.contexts) {
            types = types.merge(context.eventTypes());
            upcasters.addAll(context.upcasters());
        }
        this.eventTypes = types;
        this.serializer = new JacksonEventSerializer(types, upcasters);
        CommandHandlers.Builder handlers = CommandHandlers.builder();
        Map<Class<?>, AggregateRepository<?, ?>> repos = new HashMap<>();
        Map<Class<?>, AggregateRegistration<?, ?>> byCommand = new HashMap<>();
        List<Projector> projectors = new ArrayList<>();
        for (BoundedContext context : builder.contexts) {
            for (AggregateRegistration<?, ?> aggregate : context.aggregates()) {
                repos.put(aggregate.type().aggregateClass(), addAggregate(aggregate, handlers, builder));
                aggregate.commandTypes().forEach(type -> byCommand.put(type, aggregate));
            }
            context.handlers().forEach((type, handler) -> addPlain(handlers, type, handler));
            projectors.addAll(context.projectors());
            for (Class<? extends Projector> projectorClass : context.projectorClasses()) {
                projectors.add(projectorClass.cast(builder.instantiator.apply(projectorClass)));
            }
        }
        this.repositories = Map.copyOf(repos);
        this.targets = Map.copyOf(byCommand);
        this.commands = new LocalCommandBus(handlers.build(), builder.interceptors, builder.executor);
        this.projections = new ProjectionRunner(store, serializer, types, builder.checkpoints, projectors,
                type -> type.cast(builder.instantiator.apply(type)), partitionLeases);
        this.deadlines = connectProcessManagers(projectors, builder.clock);
    }

    private StoreDeadlines connectProcessManagers(List<Projector> projectors, Clock clock) {
        StoreDeadlines scheduler = null;
        for (Projector projector : projectors) {
            if (projector instanceof ProcessManager processManager) {
                if (scheduler == null) {
                    scheduler = new StoreDeadlines(store, serializer, clock, partitionLeases);
                }
                ProcessConnections.connect(processManager, commands, scheduler, clock);
            }
        }
        return scheduler;
    }

    private <ID, A extends AggregateRoot<ID, ?>> AggregateRepository<ID, A> addAggregate(
            AggregateRegistration<ID, A> aggregate, CommandHandlers.Builder handlers, Builder builder) {
        AggregateRepository<ID, A> repository = new AggregateRepository<>(aggregate.type(), store, serializer,
                builder.repositoryOptions);
        AggregateWiring.addHandlers(aggregate, handlers, repository, builder.maxAttempts);
        return repository;
    }

    @SuppressWarnings("unchecked")
    private static void addPlain(CommandHandlers.Builder handlers, Class<?> type, CommandHandler<?> handler) {
        handlers.add((Class<Object>) type, (CommandHandler<Object>) handler);
    }

    /** A builder; only the store is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the projectors (each from its checkpoint). Returns this, for try-with-resources. */
    public synchronized Rewind start() {
        if (closed) {
            throw new IllegalStateException("This Rewind runtime is closed; build a new one.");
        }
        if (!started) {
            started = true;
            if (deadlines != null) {
                deadlines.start();
            }
            projections.start();
        }
        return this;
    }

    /** The command bus of every registered context. */
    public CommandBus commands() {
        return commands;
    }

    /** The event store. */
    public EventStore store() {
        return store;
    }

    /** The serializer for every registered event type. */
    public EventSerializer serializer() {
        return serializer;
    }

    /** Every registered event type. */
    public EventTypes eventTypes() {
        return eventTypes;
    }

    /** The projection runner (status, read-your-writes waits). */
    public ProjectionRunner projections() {
        return projections;
    }

    /**
     * The repository of a registered aggregate class.
     *
     * @throws IllegalArgumentException if the class is not registered in any context
     */
    @SuppressWarnings("unchecked")
    public <ID, A extends AggregateRoot<ID, ?>> AggregateRepository<ID, A> repository(Class<A> aggregateClass) {
        AggregateRepository<?, ?> repository = repositories.get(aggregateClass);
        if (repository == null) {
            throw new IllegalArgumentException(aggregateClass.getName() + " is not registered in any bounded context");
        }
        return (AggregateRepository<ID, A>) repository;
    }

    /**
     * The stream id of the aggregate a command targets, or empty if no aggregate handles its type (a plain handler's
     * command, or none): what a router needs to send the command to the process that owns that aggregate.
     *
     * @throws NullPointerException if the command names no target id (null)
     */
    public Optional<String> targetStream(Object command) {
        Objects.requireNonNull(command, "command must not be null");
        AggregateRegistration<?, ?> aggregate = targets.get(command.getClass());
        return aggregate == null ? Optional.empty() : Optional.of(aggregate.streamIdOf(command));
    }

    /**
     * Drops the cached aggregates (of every repository) whose stream id {@code streamIds} accepts: for a process
     * whose share of the aggregates moved to another process, so that getting them back later reads the store.
     */
    public void evictCachedAggregates(Predicate<String> streamIds) {
        Objects.requireNonNull(streamIds, "streamIds must not be null");
        repositories.values().forEach(repository -> repository.evictCached(streamIds));
    }

    /** The partition leases through which this runtime shares work with other processes. */
    public PartitionLeases partitionLeases() {
        return partitionLeases;
    }

    /** Stops the projectors and closes the store (unless told not to). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (deadlines != null) {
                deadlines.close();
            }
            projections.close();
            if (closeStore) {
                store.close();
            }
        }
    }

    /** Collects the wiring; {@link #build()} checks it. Every setting has a default except the store. */
    public static final class Builder {
        private EventStore store;
        private boolean closeStore = true;
        private CheckpointStore checkpoints = new InMemoryCheckpointStore();
        private RepositoryOptions repositoryOptions = RepositoryOptions.DEFAULTS;
        private final List<CommandInterceptor> interceptors = new ArrayList<>();
        private final List<BoundedContext> contexts = new ArrayList<>();
        private int maxAttempts = 10;
        private Executor executor = ForkJoinPool.commonPool();
        private Function<Class<?>, Object> instantiator = Builder::construct;
        private Clock clock = Clock.systemUTC();
        private PartitionLeases partitionLeases;

        private Builder() {
        }

        /** The event store (required); closed with the runtime. */
        public Builder store(EventStore eventStore) {
            this.store = Objects.requireNonNull(eventStore, "eventStore must not be null");
            return this;
        }

        /**
         * The partition leases this runtime shares work through with other processes (default:
         * {@link PartitionLeases#local()}, this process does everything). The runtime leaves the groups it joined
         * when it closes; the leases themselves belong to the caller.
         */
        public Builder partitionLeases(PartitionLeases leases) {
            this.partitionLeases = Objects.requireNonNull(leases, "leases must not be null");
            return this;
        }

        /** Whether closing the runtime closes the store too (default true). */
        public Builder closeStoreOnClose(boolean close) {
            this.closeStore = close;
            return this;
        }

        /** Where projectors keep their checkpoints (default: in memory). */
        public Builder checkpoints(CheckpointStore checkpointStore) {
            this.checkpoints = Objects.requireNonNull(checkpointStore, "checkpointStore must not be null");
            return this;
        }

        /** Snapshot store and aggregate cache (default: no cache, snapshots in memory). */
        public Builder repositoryOptions(RepositoryOptions options) {
            this.repositoryOptions = Objects.requireNonNull(options, "options must not be null");
            return this;
        }

        /** Adds a command interceptor; the first added is outermost. */
        public Builder interceptor(CommandInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
            return this;
        }

        /** Adds bounded contexts. */
        public Builder context(BoundedContext... boundedContexts) {
            for (BoundedContext context : boundedContexts) {
                contexts.add(Objects.requireNonNull(context, "context must not be null"));
            }
            return this;
        }

        /**
         * How many times a command is tried when another process changes its stream concurrently (default 10).
         * Commands to one aggregate inside this JVM take turns and never conflict with each other; between attempts
         * a command waits a random pause that doubles per attempt (from up to 1 ms, capped at 100 ms).
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The executor for {@code sendAsync} (default: the common fork-join pool). */
        public Builder executor(Executor asyncExecutor) {
            this.executor = Objects.requireNonNull(asyncExecutor, "asyncExecutor must not be null");
            return this;
        }

        /** The clock deadlines are measured with (default: the system clock). */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** How projector classes are made (Guice passes {@code injector::getInstance}). */
        public Builder instantiator(Function<Class<?>, Object> factory) {
            this.instantiator = Objects.requireNonNull(factory, "factory must not be null");
            return this;
        }

        /**
         * The runtime, not yet started.
         *
         * @throws IllegalStateException if two contexts handle the same command or register the same event name
         */
        public Rewind build() {
            return new Rewind(this);
        }

        private static Object construct(Class<?> type) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot make projector " + type.getName() + " without Guice: it needs"
                        + " a public no-argument constructor, or register an instance instead.", e);
            }
        }
    }
}
