package dev.rewind.eventstore;

import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.SnapshotStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.eventstore.internal.h2.H2Damage;
import dev.rewind.eventstore.internal.h2.H2Files;
import dev.rewind.eventstore.internal.h2.H2StuckRecovery;
import dev.rewind.eventstore.internal.h2.ReadSideBehindLog;
import dev.rewind.eventstore.internal.h2.ReadModelRecovery;
import dev.rewind.eventstore.internal.jdbc.JdbcCheckpointStore;
import dev.rewind.eventstore.internal.jdbc.JdbcSnapshotStore;
import dev.rewind.eventstore.internal.log.EmbeddedEventStore;
import dev.rewind.eventstore.internal.log.EventLog;
import dev.rewind.eventstore.internal.log.OpenMarker;
import dev.rewind.eventstore.internal.postgres.PostgresEventStore;
import dev.rewind.eventstore.internal.h2.H2Sql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.io.IOException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an event store from a configuration string ({@link StoreConfig}): {@code memory}, {@code embedded:<folder>} or
 * {@code jdbc:postgresql://...}. The embedded and PostgreSQL stores create or upgrade their schema on opening.
 *
 * <pre>{@code
 * try (EventStore store = EventStores.open("embedded:./data")) { ... }
 * try (EventStoreBackend backend = EventStores.openBackend("jdbc:postgresql://db:5432/app?user=app")) { ... }
 * }</pre>
 */
public final class EventStores {

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(EventStores.class);

    private EventStores() {
    }

    /**
     * A fresh, private in-memory database with the store's read-side tables, for tests of JDBC projectors (with
     * {@code ProjectorFixture}) and of the queries over their read models. It lives until the JVM exits.
     */
    public static DataSource testDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:rewind-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(database, H2Sql.STATEMENTS);
        return database;
    }

    /**
     * Opens the event store a configuration names; closing the store releases everything it holds.
     *
     * @throws IllegalArgumentException if the configuration string is not valid
     * @throws SchemaTooNewException if the database's schema is newer than this code knows
     * @throws EventStoreException if the database cannot be opened
     */
    public static EventStore open(String config) {
        return openBackend(config).store();
    }

    /**
     * Opens the event store a configuration names together with its checkpoint and snapshot stores.
     *
     * @throws IllegalArgumentException if the configuration string is not valid
     * @throws SchemaTooNewException if the database's schema is newer than this code knows
     * @throws EventStoreException if the database cannot be opened
     */
    public static EventStoreBackend openBackend(String config) {
        return openBackend(StoreConfig.parse(config), StoreLimits.DEFAULTS);
    }

    /** Opens a parsed configuration with the given limits. */
    public static EventStoreBackend openBackend(StoreConfig config, StoreLimits limits) {
        if (config.kind() == StoreConfig.Kind.MEMORY) {
            return new EventStoreBackend(config, new InMemoryEventStore(limits, Clock.systemUTC()),
                    CheckpointStore.inMemory(), SnapshotStore.inMemory(), null);
        }
        if (config.kind() == StoreConfig.Kind.EMBEDDED) {
            return openEmbedded(config, limits);
        }
        return openJdbc(config, limits, null, true, () -> { });
    }

    /**
     * Opens the folder's event log, then H2. If H2's file turns out damaged, it is moved aside and a new one
     * started: the log holds every acknowledged event (read models, checkpoints and snapshots in that file start
     * over). If the store
     * was not closed cleanly last time ({@link OpenMarker}), JDBC read models are marked for a rebuild
     * ({@link ReadModelRecovery}).
     */
    private static EventStoreBackend openEmbedded(StoreConfig config, StoreLimits limits) {
        Path folder = config.folder();
        createFolder(folder);
        Runnable release = H2Files.claim(folder);
        OpenMarker.LastStop lastStop = OpenMarker.lastStop(folder);
        EventLog log;
        try {
            log = EventLog.open(folder, config.durability(), lastStop == OpenMarker.LastStop.MACHINE_STOPPED);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        Runnable closeAll = () -> {
            log.close();
            release.run();
        };
        boolean unclean = lastStop != OpenMarker.LastStop.CLEAN;
        // Set once an unclean stop is recorded in H2: only then may a close remove the marker.
        AtomicBoolean settled = new AtomicBoolean();
        Runnable closeStore = () -> {
            try {
                if (settled.get()) {
                    OpenMarker.remove(folder);
                }
            } finally {
                closeAll.run();
            }
        };
        EventStoreBackend backend;
        try {
            // A failed opening keeps the marker: the next one then rebuilds JDBC read models once, the safe side.
            OpenMarker.create(folder);
            backend = openOrRebuild(config, limits, log, closeStore, lastStop);
        } catch (RuntimeException e) {
            closeAll.run();
            if (log.wasCreated()) {
                // the empty log this opening began must not make the next one take a missing log for a new store
                deleteQuietly(folder.resolve(EventLog.FILE_NAME), e);
            }
            throw e;
        }
        try {
            // an empty log that lost nothing: H2 may hold the checkpoints of events kept on a hub, not in this log
            if (log.lastPosition() > 0 || log.wasCut()) {
                ReadSideBehindLog.check(backend.dataSource().orElseThrow(), backend.store());
            }
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        if (unclean) {
            try {
                ReadModelRecovery.recordUncleanOpening(backend.dataSource().orElseThrow());
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
            LOG.warn("The embedded store in {} was not closed cleanly ({}). H2 may keep part of a transaction after"
                    + " that, so JDBC projectors rebuild their read models from the first event. Close the store when"
                    + " stopping to keep them.", folder, lastStop == OpenMarker.LastStop.MACHINE_STOPPED
                            ? "the machine stopped with it open" : "its process was killed or crashed");
        }
        settled.set(true);
        return backend;
    }

    /**
     * Opens H2; a damaged file (with a log that holds the events) is moved aside and opened afresh, once. After an
     * unclean stop, a file whose recovery H2 left unfinished counts as damaged ({@link H2StuckRecovery}).
     */
    private static EventStoreBackend openOrRebuild(StoreConfig config, StoreLimits limits, EventLog log,
            Runnable onClose, OpenMarker.LastStop lastStop) {
        boolean writesSurvived = lastStop != OpenMarker.LastStop.MACHINE_STOPPED;
        try {
            if (lastStop != OpenMarker.LastStop.CLEAN) {
                H2StuckRecovery.check(config);
            }
            return openJdbc(config, limits, log, writesSurvived, onClose);
        } catch (RuntimeException e) {
            if (log.lastPosition() == 0 || !H2Damage.isDamage(e)) {
                throw e;
            }
            H2Damage.moveAside(config.folder(), e);
            return openJdbc(config, limits, log, writesSurvived, onClose);
        }
    }

    private static EventStoreBackend openJdbc(StoreConfig config, StoreLimits limits, EventLog log,
            boolean indexWritesSurvived, Runnable onClose) {
        HikariDataSource pool = pool(config);
        EventStore store = log != null
                ? new EmbeddedEventStore(pool, log, indexWritesSurvived, limits, Clock.systemUTC(), onClose)
                : new PostgresEventStore(pool, limits, Clock.systemUTC());
        return new EventStoreBackend(config, store, new JdbcCheckpointStore(pool), new JdbcSnapshotStore(pool), pool);
    }

    private static void deleteQuietly(Path file, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new EventStoreException("Could not create the store folder " + folder + " (" + e.getMessage()
                    + "); choose a folder the process may write to.", e);
        }
    }

    private static HikariDataSource pool(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setPoolName("rewind-" + config.kind().name().toLowerCase() + "-" + POOLS.incrementAndGet());
        hikari.setMaximumPoolSize(10);
        hikari.setMinimumIdle(2);
        if (config.kind() == StoreConfig.Kind.EMBEDDED) {
            hikari.setUsername("sa");
            hikari.setPassword("");
        } else {
            // One multi-row INSERT per group instead of one round trip per event.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new EventStoreException("Could not open the event store database " + config + " ("
                    + rootMessage(e) + "); check the configuration, that the database is reachable and, for H2, that no"
                    + " other program has its file open.", e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
