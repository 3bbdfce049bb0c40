package dev.rewind.eventstore.readmodel;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.BatchCheckpoints;
import dev.rewind.core.spi.LeaseLostException;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import dev.rewind.core.projection.Projector;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.internal.h2.ReadModelRecovery;
import dev.rewind.eventstore.internal.jdbc.JdbcCheckpointStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projector whose read model lives in tables of the event store's database. It declares the tables it owns; the
 * framework creates the missing ones before the first event, empties them when the read model must be built again,
 * and commits each batch of events together with the projector's checkpoint in ONE transaction, so every event is
 * applied exactly once, even across crashes. The checkpoint is kept in the store's {@code rewind_checkpoints} table.
 *
 * <pre>{@code
 * public final class BalancesProjector extends JdbcProjector {
 *     @Inject
 *     public BalancesProjector(DataSource dataSource) {
 *         super("balances", dataSource);
 *         ownsTable("balances", "CREATE TABLE balances (account VARCHAR(100) PRIMARY KEY, cents BIGINT NOT NULL)");
 *         onSql(AccountOpened.class, (e, sql) -> sql.update(
 *                 "INSERT INTO balances (account, cents) VALUES (?, 0)", e.accountId().value()));
 *         onSql(MoneyDeposited.class, (e, sql) -> sql.update(
 *                 "UPDATE balances SET cents = ? WHERE account = ?", e.newBalance(), e.accountId().value()));
 *     }
 *
 *     public Optional<Long> balance(AccountId id) {
 *         return queries().first("SELECT cents FROM balances WHERE account = ?", row -> row.getLong(1), id.value());
 *     }
 * }
 * }</pre>
 *
 * <p>Register it once, by class ({@code context.projector(BalancesProjector.class)}): with Guice and
 * {@link EventStoreModule} its {@code DataSource} is injected and the instance the runtime runs is the one the
 * application injects to query; with plain code, {@link EventStoreBackend#newInstance(Class)} makes it.
 *
 * <p>On an embedded store that was not closed cleanly (its process was killed or crashed), H2's file may hold part of a
 * batch without its checkpoint, or a checkpoint without its batch: no database setting prevents that. So when such a
 * store opens, each JDBC projector starts over once: at its next start it empties its tables and sets its checkpoint
 * to 0 in one transaction, then replays every event. Closing the store keeps read models as they are. PostgreSQL
 * commits durably and never needs this.
 */
public abstract class JdbcProjector extends Projector {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcProjector.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DataSource dataSource;
    private final SqlQueries queries;
    private final Map<String, List<String>> tables = new LinkedHashMap<>();
    private volatile boolean tablesReady;
    private Sql current;

    /**
     * Creates a projector writing into the event store's database.
     *
     * @throws NullPointerException if {@code dataSource} is null, with what to pass instead
     */
    protected JdbcProjector(String name, DataSource dataSource) {
        super(name);
        this.dataSource = Objects.requireNonNull(dataSource, () -> "JdbcProjector '" + name + "' needs the event"
                + " store's DataSource: inject it (EventStoreModule binds it), or pass"
                + " EventStoreBackend.dataSource().");
        this.queries = new SqlQueries(dataSource);
    }

    /**
     * Declares a table this projector owns: created with {@code createStatement} (then {@code moreStatements}, such
     * as its indexes) if the database does not have it yet, and emptied whenever the read model is built again. A
     * table belongs to one projector; declare every table the handlers write.
     *
     * @throws IllegalArgumentException if the name is not a plain SQL identifier, the statement does not name the
     *     table, or the table is declared twice
     */
    protected final void ownsTable(String table, String createStatement, String... moreStatements) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("Projector '" + name() + "': a table name must be a plain SQL"
                    + " identifier (letters, digits, underscores), got '" + table + "'.");
        }
        Objects.requireNonNull(createStatement, "createStatement must not be null");
        if (!createStatement.toLowerCase(Locale.ROOT).matches("(?s).*\\b" + table.toLowerCase(Locale.ROOT)
                + "\\b.*")) {
            throw new IllegalArgumentException("Projector '" + name() + "': the statement that creates table '"
                    + table + "' does not name it: " + createStatement);
        }
        List<String> statements = new ArrayList<>();
        statements.add(createStatement);
        statements.addAll(List.of(moreStatements));
        if (tables.putIfAbsent(table.toLowerCase(Locale.ROOT), List.copyOf(statements)) != null) {
            throw new IllegalArgumentException("Projector '" + name() + "' declares table '" + table + "' twice.");
        }
    }

    /** The tables this projector owns, in declaration order (lower case). */
    @Override
    public final List<String> ownedTables() {
        return List.copyOf(tables.keySet());
    }

    /** Reads this projector's tables outside any transaction, for the queries the projector answers. */
    protected final SqlQueries queries() {
        return queries;
    }

    /** Always durable: the read model and its checkpoint are committed together in the database. */
    @Override
    protected final boolean readModelIsDurable() {
        return true;
    }

    /**
     * Registers the SQL handler of one event class.
     *
     * @throws IllegalStateException if the class has a handler already
     */
    protected final <E> void onSql(Class<E> eventClass, SqlHandler<? super E> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        register(eventClass, envelope -> {
            try {
                handler.handle(eventClass.cast(envelope.event()), current);
            } catch (SQLException e) {
                throw new HandlerFailed(envelope, e);
            }
        });
    }

    /**
     * Registers the SQL handler of one event class that also reads the envelope (position, stream, metadata).
     *
     * @throws IllegalStateException if the class has a handler already
     */
    @SuppressWarnings("unchecked")
    protected final <E> void onSql(Class<E> eventClass, SqlEnvelopeHandler<E> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        register(eventClass, envelope -> {
            try {
                handler.handle(eventClass.cast(envelope.event()),
                        (EventEnvelope<E>) envelope, current);
            } catch (SQLException e) {
                throw new HandlerFailed(envelope, e);
            }
        });
    }

    /**
     * Applies the batch and saves {@code upToPosition} as the checkpoint in one transaction.
     *
     * @throws EventStoreException if a handler or the database fails; nothing of the batch is then committed
     */
    @Override
    public void project(List<EventEnvelope<?>> events, long upToPosition, CheckpointStore checkpoints) {
        BatchCheckpoints batch = BatchCheckpoints.of(checkpoints, name());
        Map<String, Long> advanced = batch.advanced(upToPosition);
        List<PartitionLease> fences = batch.fencesOf(advanced.keySet());
        try (Connection connection = dataSource.getConnection()) {
            ensureTables(connection);
            inTransaction(connection, () -> {
                // first, so the lease rows stay locked until the commit and no take-over comes in between
                if (!JdbcCheckpointStore.fence(connection, fences)) {
                    throw new LeaseLostException(name(), advanced.keySet());
                }
                for (EventEnvelope<?> envelope : events) {
                    handle(envelope);
                }
                for (Map.Entry<String, Long> checkpoint : advanced.entrySet()) {
                    JdbcCheckpointStore.save(connection, checkpoint.getKey(), checkpoint.getValue());
                }
            });
        } catch (HandlerFailed e) {
            throw new EventStoreException("Projector '" + name() + "' failed on " + e.envelope.typeName()
                    + " at position " + e.envelope.globalPosition() + " (" + e.getCause().getMessage()
                    + "); the batch was rolled back with its checkpoint. Fix the handler or the read model.",
                    e.getCause());
        } catch (SQLException e) {
            throw new EventStoreException("Projector '" + name() + "' could not commit its batch up to position "
                    + upToPosition + " (" + e.getMessage() + "); it was rolled back with its checkpoint.", e);
        }
    }

    /**
     * The checkpoint recorded with the read model, from the store's own table; 0 after starting over, which happens
     * here once after an embedded store was opened following an unclean stop (see the class comment). Creates the
     * declared tables that are missing first.
     *
     * @throws EventStoreException if the database fails, or the projector declares no table
     */
    @Override
    public long checkpoint(CheckpointStore checkpoints) {
        return checkpoint(checkpoints, 0);
    }

    /** One partition's checkpoint, as {@link #checkpoint(CheckpointStore)} reads it. */
    @Override
    public long checkpoint(CheckpointStore checkpoints, int partition) {
        try (Connection connection = dataSource.getConnection()) {
            ensureTables(connection);
            if (!ReadModelRecovery.isNeeded(connection, name())) {
                OptionalLong checkpoint = JdbcCheckpointStore.find(connection, checkpointKey(partition));
                if (checkpoint.isEmpty() && neverRan(connection) && holdsRows(connection)) {
                    // never ran under this name, so what the tables hold (a projector renamed in the code, an earlier
                    // owner's rows) is not this read model
                    LOG.warn("Projector '{}' starts for the first time, but its tables {} hold rows; emptying them",
                            name(), ownedTables());
                    inTransaction(connection, () -> {
                        reset(current);
                        saveEveryPartition(connection, 0);
                    });
                }
                return checkpoint.orElse(0);
            }
            LOG.warn("Projector '{}' rebuilds its read model from the first event: the embedded store was not closed"
                    + " cleanly and its H2 file may hold part of a batch.", name());
            try {
                inTransaction(connection, () -> {
                    reset(current);
                    saveEveryPartition(connection, 0);
                    ReadModelRecovery.recordStartedOver(connection, name());
                });
            } catch (SQLException | RuntimeException e) {
                throw new EventStoreException("Projector '" + name() + "' could not empty its tables " + ownedTables()
                        + " to rebuild its read model after an unclean stop of the embedded store (" + e.getMessage()
                        + "); check that the database is writable, then start it again.", e);
            }
            return 0;
        } catch (SQLException e) {
            throw new EventStoreException("Could not read the checkpoint of projector '" + name() + "' ("
                    + e.getMessage() + "); check that the database is reachable.", e);
        }
    }

    /** Empties the owned tables and sets the checkpoint to 0 in one transaction, for a rebuild's replacement. */
    @Override
    protected final void startOver(CheckpointStore checkpoints) {
        try (Connection connection = dataSource.getConnection()) {
            ensureTables(connection);
            inTransaction(connection, () -> {
                reset(current);
                saveEveryPartition(connection, 0);
            });
        } catch (SQLException e) {
            throw new EventStoreException("Projector '" + name() + "' could not empty its tables " + ownedTables()
                    + " to be rebuilt from the first event (" + e.getMessage() + "); check that the database is"
                    + " writable, then rebuild again.", e);
        }
    }

    /**
     * Empties the read model for a rebuild from the first event: deletes every row of every owned table, in the
     * transaction that also sets the checkpoint to 0. Override only to empty more than the owned tables, and call
     * {@code super.reset(sql)}; do not commit, roll back or close {@code sql}'s connection.
     *
     * @throws SQLException to roll the reset back; the projector then fails to start, with the cause
     */
    protected void reset(Sql sql) throws SQLException {
        for (String table : tables.keySet()) {
            sql.update("DELETE FROM " + table);
        }
    }

    private void saveEveryPartition(Connection connection, long position) throws SQLException {
        for (int p = 0; p < partitions(); p++) {
            JdbcCheckpointStore.save(connection, checkpointKey(p), position);
        }
    }

    /** Whether no partition has a checkpoint: the tables' rows, if any, were written under another name. */
    private boolean neverRan(Connection connection) throws SQLException {
        for (int p = 0; p < partitions(); p++) {
            if (JdbcCheckpointStore.find(connection, checkpointKey(p)).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private boolean holdsRows(Connection connection) throws SQLException {
        for (String table : tables.keySet()) {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Creates the owned tables the database lacks, once per projector instance. */
    private void ensureTables(Connection connection) throws SQLException {
        if (tablesReady) {
            return;
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("JdbcProjector '" + name() + "' declares no tables; declare each table"
                    + " its handlers write with ownsTable(\"name\", \"CREATE TABLE name (...)\") in its constructor, so"
                    + " the framework can create it and empty it for a rebuild.");
        }
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            if (!exists(connection, table.getKey())) {
                try (Statement ddl = connection.createStatement()) {
                    for (String statement : table.getValue()) {
                        ddl.execute(statement);
                    }
                } catch (SQLException e) {
                    throw new SQLException("projector '" + name() + "' could not create its table '" + table.getKey()
                            + "' (" + e.getMessage() + "); check the statements given to ownsTable", e);
                }
                LOG.info("Projector '{}' created its table {}", name(), table.getKey());
            }
        }
        tablesReady = true;
    }

    /** Whether the current schema has the table, however the database folds the case of unquoted names. */
    private static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        for (String candidate : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet found = meta.getTables(connection.getCatalog(), schema, candidate, null)) {
                if (found.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs work with {@link #current} bound to the connection, in one transaction; rolls back if it throws. */
    private void inTransaction(Connection connection, SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            current = new Sql(connection);
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            current = null;
            connection.setAutoCommit(true);
        }
    }

    /** Work inside {@link #inTransaction}. */
    @FunctionalInterface
    private interface SqlWork {

        void run() throws SQLException;
    }

    /** Carries a handler's SQLException out of the registered consumer. */
    private static final class HandlerFailed extends RuntimeException {

        private final transient EventEnvelope<?> envelope;

        HandlerFailed(EventEnvelope<?> envelope, SQLException cause) {
            super(cause);
            this.envelope = envelope;
        }
    }
}
