package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedGroupCommitTest extends GroupCommitContract {

    @TempDir
    Path folder;

    @Override
    protected EventStore newStore() {
        return EventStores.open("embedded:" + folder);
    }
}
