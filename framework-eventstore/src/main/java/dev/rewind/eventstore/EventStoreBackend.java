package dev.rewind.eventstore;

import dev.rewind.core.spi.SnapshotStore;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.eventstore.internal.lease.PostgresPartitionLeases;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An opened backend: the event store plus the checkpoint and snapshot stores that live in the same database, and
 * for the embedded and PostgreSQL backends the connection pool itself (for read models of {@link JdbcProjector}s).
 * Closing it closes the store and the pool; everything obtained from it stops working.
 *
 * <pre>{@code
 * try (EventStoreBackend backend = EventStores.openBackend("embedded:./data");
 *         Rewind rewind = backend.runtime().context(new AccountsModule().describe()).build().start()) {
 *     rewind.commands().send(new OpenAccount(AccountId.newId(), "Ada"));
 * }
 * }</pre>
 */
public final class EventStoreBackend implements AutoCloseable {

    private final StoreConfig config;
    private final EventStore store;
    private final CheckpointStore checkpoints;
    private final SnapshotStore snapshots;
    private final DataSource dataSource;
    private PartitionLeases leases;

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

    /**
     * A runtime builder wired to this backend, for plain code without Guice: its store, checkpoints and snapshots,
     * and projector classes made by {@link #newInstance(Class)}. Closing the runtime leaves the backend open.
     */
    public Rewind.Builder runtime() {
        return Rewind.builder().store(store).closeStoreOnClose(false).checkpoints(checkpoints)
                .repositoryOptions(RepositoryOptions.DEFAULTS.withSnapshotStore(snapshots))
                .instantiator(this::newInstance);
    }

    /**
     * Makes a projector (or any class) for plain wiring: through its constructor taking a {@code DataSource} (given
     * this backend's pool), else its no-argument constructor.
     *
     * @throws IllegalArgumentException if the class has neither constructor, or needs a data source on the
     *     {@code memory} backend, which has none
     * @throws IllegalStateException if the constructor throws
     */
    public <T> T newInstance(Class<T> type) {
        Constructor<T> constructor;
        boolean takesDataSource;
        try {
            constructor = type.getDeclaredConstructor(DataSource.class);
            takesDataSource = true;
        } catch (NoSuchMethodException noDataSource) {
            try {
                constructor = type.getDeclaredConstructor();
                takesDataSource = false;
            } catch (NoSuchMethodException noDefault) {
                throw new IllegalArgumentException(type.getName() + " has no constructor taking a DataSource and no"
                        + " no-argument constructor; add one, or register an instance instead.");
            }
        }
        if (takesDataSource && dataSource == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " keeps its read model in a database, and the "
                    + config.kind() + " backend has none; open an embedded:<folder> or PostgreSQL store instead.");
        }
        try {
            // as Guice does, a constructor need not be public
            constructor.setAccessible(true);
            return takesDataSource ? constructor.newInstance(dataSource) : constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The constructor of " + type.getName() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not make " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The partition leases of processes sharing this backend's database: on PostgreSQL, leases in its tables
     * ({@code rewind_leases}), so several processes share partitioned projectors and aggregates; otherwise leases of
     * this process only, which holds every partition. Opened on first use; closing the backend closes them.
     */
    public synchronized PartitionLeases partitionLeases() {
        if (leases == null) {
            leases = config.kind() == StoreConfig.Kind.POSTGRESQL
                    ? new PostgresPartitionLeases(dataSource, PostgresPartitionLeases.DEFAULT_LEASE)
                    : PartitionLeases.local();
        }
        return leases;
    }

    /** Closes the partition leases (handing their partitions over), the store and its pool. */
    @Override
    public void close() {
        PartitionLeases opened;
        synchronized (this) {
            opened = leases;
        }
        try {
            if (opened != null) {
                opened.close();
            }
        } finally {
            store.close();
        }
    }
}
