package dev.rewind.eventstore;

import dev.rewind.core.spi.SnapshotStore;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An opened backend: the event store plus the checkpoint and snapshot stores that live in the same database, and
 * for the embedded and PostgreSQL backends the connection pool itself (for read models of {@link JdbcProjector}s).
 * Closing it closes the store and the pool; everything obtained from it stops working.
 *
 * <pre>{@code
 * try (EventStoreBackend backend = EventStores.openBackend("embedded:./data")) {
 *     Rewind rewind = Rewind.builder().store(backend.store()).checkpoints(backend.checkpoints()).build();
 * }
 * }</pre>
 */
public final class EventStoreBackend implements AutoCloseable {

    private final StoreConfig config;
    private final EventStore store;
    private final CheckpointStore checkpoints;
    private final SnapshotStore snapshots;
    private final DataSource dataSource;

    EventStoreBackend(StoreConfig config, EventStore store, CheckpointStore checkpoints, SnapshotStore snapshots,
            DataSource dataSource) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints must not be null");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots must not be null");
        this.dataSource = dataSource;
    }

    /** The configuration it was opened with. */
    public StoreConfig config() {
        return config;
    }

    /** The event store. */
    public EventStore store() {
        return store;
    }

    /** Projector checkpoints, in the same database as the events (in memory for {@code memory}). */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** Aggregate snapshots, in the same database as the events (in memory for {@code memory}). */
    public SnapshotStore snapshots() {
        return snapshots;
    }

    /** The connection pool of the embedded (H2) or PostgreSQL backend; empty for {@code memory}. */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** Closes the store and its pool. */
    @Override
    public void close() {
        store.close();
    }
}
