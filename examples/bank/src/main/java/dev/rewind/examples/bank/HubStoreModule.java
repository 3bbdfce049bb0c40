package dev.rewind.examples.bank;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import com.google.inject.Singleton;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import javax.sql.DataSource;

/**
 * The events on a hub, the read models and checkpoints in a local database: the store wiring of a bank process in
 * distributed mode. The module only binds; the hub connection and the local database open when first injected.
 */
final class HubStoreModule extends AbstractModule {

    private final RemoteStoreConfig hub;
    private final String localStore;

    HubStoreModule(RemoteStoreConfig hub, String localStore) {
        this.hub = hub;
        this.localStore = localStore;
    }

    @Provides
    @Singleton
    EventStore events() {
        return RemoteEventStore.connect(hub);
    }

    @Provides
    @Singleton
    EventStoreBackend local() {
        return EventStores.openBackend(localStore);
    }

    @Override
    protected void configure() {
        // in place of RewindModule's in-memory default: checkpoints live with the read models
        OptionalBinder.newOptionalBinder(binder(), CheckpointStore.class).setBinding()
                .to(Key.get(CheckpointStore.class, Names.named("local")));
        // processes sharing a PostgreSQL database share its partitions through its leases
        OptionalBinder.newOptionalBinder(binder(), PartitionLeases.class).setBinding()
                .to(Key.get(PartitionLeases.class, Names.named("local")));
    }

    @Provides
    @Named("local")
    PartitionLeases leases(EventStoreBackend local) {
        return local.partitionLeases();
    }

    @Provides
    @Named("local")
    CheckpointStore checkpoints(EventStoreBackend local) {
        return local.checkpoints();
    }

    @Provides
    DataSource readModels(EventStoreBackend local) {
        return local.dataSource().orElseThrow(() -> new IllegalArgumentException("The read models need a database;"
                + " give --store embedded:<folder> or jdbc:postgresql://..., not " + localStore));
    }
}
