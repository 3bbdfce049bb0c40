package dev.rewind.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandInterceptor;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The core Guice module: provides the {@link Rewind} runtime and its {@link CommandBus} from every bound
 * {@link BoundedContext}, the bound {@link EventStore} (from a store module such as {@link InMemoryStoreModule}) and
 * the optional {@link CheckpointStore}, {@link PartitionLeases}, {@link RepositoryOptions} and
 * {@link CommandInterceptor}s.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(Stage.PRODUCTION, new RewindModule(), new InMemoryStoreModule(),
 *         new AccountsModule());
 * try (Rewind rewind = injector.getInstance(Rewind.class).start()) { ... }
 * }</pre>
 */
public final class RewindModule extends AbstractModule {

    private final Predicate<Class<? extends Projector>> runs;

    /** The runtime of every bound context, with all its projectors and process managers. */
    public RewindModule() {
        this(type -> true);
    }

    /**
     * The runtime of every bound context, running only the projectors and process managers whose class
     * {@code runs} accepts: for a process that runs part of the system (say, a write side without read models).
     */
    public RewindModule(Predicate<Class<? extends Projector>> runs) {
        this.runs = Objects.requireNonNull(runs, "runs must not be null");
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), BoundedContext.class);
        Multibinder.newSetBinder(binder(), CommandInterceptor.class);
        OptionalBinder.newOptionalBinder(binder(), CheckpointStore.class).setDefault()
                .toInstance(new InMemoryCheckpointStore());
        OptionalBinder.newOptionalBinder(binder(), RepositoryOptions.class).setDefault()
                .toInstance(RepositoryOptions.DEFAULTS);
        OptionalBinder.newOptionalBinder(binder(), PartitionLeases.class).setDefault()
                .toInstance(PartitionLeases.local());
    }

    @Provides
    @Singleton
    Rewind rewind(EventStore store, CheckpointStore checkpoints, RepositoryOptions options, PartitionLeases leases,
            Set<BoundedContext> contexts, Set<CommandInterceptor> interceptors, Injector injector) {
        Rewind.Builder builder = Rewind.builder()
                .store(store)
                .checkpoints(checkpoints)
                .repositoryOptions(options)
                .partitionLeases(leases)
                .instantiator(injector::getInstance);
        contexts.forEach(context -> builder.context(context.withProjectors(runs)));
        interceptors.forEach(builder::interceptor);
        return builder.build();
    }

    @Provides
    CommandBus commandBus(Rewind rewind) {
        return rewind.commands();
    }
}
