package dev.rewind.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.InMemoryEventStore;

/** Binds an {@link InMemoryEventStore}: for tests and tutorials; nothing survives the JVM. */
public final class InMemoryStoreModule extends AbstractModule {

    @Provides
    @Singleton
    EventStore eventStore() {
        return new InMemoryEventStore();
    }
}
