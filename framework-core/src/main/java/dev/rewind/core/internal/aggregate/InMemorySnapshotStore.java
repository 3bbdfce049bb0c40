package dev.rewind.core.internal.aggregate;

import dev.rewind.core.spi.Snapshot;
import dev.rewind.core.spi.SnapshotStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SnapshotStore} in memory. */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Override
    public Optional<Snapshot> load(String streamId) {
        return Optional.ofNullable(snapshots.get(streamId));
    }

    @Override
    public void save(Snapshot snapshot) {
        snapshots.merge(snapshot.streamId(), snapshot, (old, fresh) -> fresh.version() > old.version() ? fresh : old);
    }
}
