package dev.rewind.core.eventstore;

class InMemoryStoreInspectorTest extends StoreInspectorContract {

    @Override
    protected EventStore newStore() {
        return new InMemoryEventStore();
    }

    @Override
    protected String backend() {
        return "in-memory";
    }
}
