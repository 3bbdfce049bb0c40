package dev.rewind.eventstore;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import javax.sql.DataSource;

/**
 * Binds the {@link EventStore} a configuration string names ({@link StoreConfig}), and in place of
 * {@code RewindModule}'s in-memory defaults its {@link CheckpointStore} and {@link RepositoryOptions} with its snapshot
 * store; for the embedded and PostgreSQL backends also the {@link DataSource}, for {@link JdbcProjector}s. The module
 * only binds: the store opens when first injected, and closes with the {@code Rewind} runtime.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:./data"),
 *         new AccountsModule());
 * }</pre>
 */
public final class EventStoreModule extends AbstractModule {

    private static final String BACKEND = "rewind.eventstore.backend";

    private final StoreConfig config;

    /**
     * A module for the given configuration string.
     *
     * @throws IllegalArgumentException if the string is not a valid {@link StoreConfig}
     */
    public EventStoreModule(String config) {
        this.config = StoreConfig.parse(config);
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), CheckpointStore.class).setBinding()
                .to(Key.get(CheckpointStore.class, Names.named(BACKEND)));
        OptionalBinder.newOptionalBinder(binder(), RepositoryOptions.class).setBinding()
                .to(Key.get(RepositoryOptions.class, Names.named(BACKEND)));
        OptionalBinder.newOptionalBinder(binder(), PartitionLeases.class).setBinding()
                .to(Key.get(PartitionLeases.class, Names.named(BACKEND)));
        OptionalBinder<DataSource> dataSource = OptionalBinder.newOptionalBinder(binder(), DataSource.class);
        if (config.kind() != StoreConfig.Kind.MEMORY) {
            dataSource.setBinding().to(Key.get(DataSource.class, Names.named(BACKEND)));
        }
    }

    @Provides
    @Singleton
    EventStoreBackend backend() {
        return EventStores.openBackend(config, StoreLimits.DEFAULTS);
    }

    @Provides
    @Singleton
    EventStore store(EventStoreBackend backend) {
        return backend.store();
    }

    @Provides
    @Named(BACKEND)
    CheckpointStore checkpoints(EventStoreBackend backend) {
        return backend.checkpoints();
    }

    @Provides
    @Named(BACKEND)
    PartitionLeases partitionLeases(EventStoreBackend backend) {
        return backend.partitionLeases();
    }

    @Provides
    @Named(BACKEND)
    RepositoryOptions repositoryOptions(EventStoreBackend backend) {
        return RepositoryOptions.DEFAULTS.withSnapshotStore(backend.snapshots());
    }

    @Provides
    @Named(BACKEND)
    DataSource dataSource(EventStoreBackend backend) {
        return backend.dataSource().orElseThrow(() -> new IllegalStateException("The '" + config
                + "' store has no DataSource; JdbcProjectors need a store with a database"
                + " (embedded:<folder> or a PostgreSQL URL)."));
    }
}
