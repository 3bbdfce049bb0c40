package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on an H2 file database in a fresh folder per test. */
class EmbeddedEventStoreTest extends EventStoreContract {

    @TempDir
    Path folder;

    @Override
    protected EventStore newStore() {
        return EventStores.open("embedded:" + folder);
    }
}
