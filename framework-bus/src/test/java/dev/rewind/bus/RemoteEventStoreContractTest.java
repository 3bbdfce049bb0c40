package dev.rewind.bus;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreContract;
import dev.rewind.core.eventstore.InMemoryEventStore;
import org.junit.jupiter.api.AfterEach;

/** The store contract suite, run against a remote client talking to a hub on loopback over an in-memory store. */
class RemoteEventStoreContractTest extends EventStoreContract {

    private InMemoryEventStore backend;
    private Hub hub;

    @Override
    protected EventStore newStore() {
        backend = new InMemoryEventStore();
        hub = Hub.start(backend, HubConfig.loopback());
        return RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint()));
    }

    @AfterEach
    void stopHub() {
        store.close();
        hub.close();
        backend.close();
    }
}
