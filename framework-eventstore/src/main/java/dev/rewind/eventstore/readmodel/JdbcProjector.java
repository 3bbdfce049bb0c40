package dev.rewind.eventstore.readmodel;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.projection.Projector;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.internal.h2.ReadModelRecovery;
import dev.rewind.eventstore.internal.jdbc.JdbcCheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A projector whose read model lives in the event store's database: each batch of events is applied and the
 * projector's checkpoint recorded in ONE transaction, so every event is applied exactly once, even across crashes.
 * The checkpoint is kept in the store's {@code rewind_checkpoints} table whatever {@link CheckpointStore} the
 * runner passes.
 *
 * <pre>{@code
 * public final class BalancesProjector extends JdbcProjector {
 *     public BalancesProjector(DataSource dataSource) {
 *         super("balances", dataSource);
 *         onSql(AccountOpened.class, (e, sql) -> sql.update(
 *                 "INSERT INTO balances (account, cents) VALUES (?, 0)", e.accountId().value()));
 *         onSql(MoneyDeposited.class, (e, sql) -> sql.update(
 *                 "UPDATE balances SET cents = ? WHERE account = ?", e.newBalance(), e.accountId().value()));
 *     }
 *
 *     protected void reset(Sql sql) throws SQLException {
 *         sql.update("DELETE FROM balances");
 *     }
 * }
 * }</pre>
 *
 * <p>On an embedded store that was not closed cleanly (its process was killed or crashed), H2's file may hold part of a
 * batch without its checkpoint, or a checkpoint without its batch: no database setting prevents that. So when such a
 * store opens, each JDBC projector starts over once: at its next start it {@link #reset(Sql) empties its read model}
 * and sets its checkpoint to 0 in one transaction, then replays every event. Closing the store keeps read models as
 * they are. PostgreSQL commits durably and never needs this.
 *
 * <p>The data source is the backend's ({@link EventStoreBackend#dataSource()}, or inject {@code DataSource} with
 * {@link EventStoreModule}); pass it to the constructor or {@link #attach(DataSource)} it before starting.
 */
public abstract class JdbcProjector extends Projector {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcProjector.class);
    private DataSource dataSource;
    private Sql current;

    /** Creates a projector to be {@link #attach(DataSource) attached} to a data source before it runs. */
    protected JdbcProjector(String name) {
        super(name);
    }

    /** Creates a projector writing through the given data source. */
    protected JdbcProjector(String name, DataSource dataSource) {
        super(name);
        attach(dataSource);
    }

    /** Sets the data source of the read model (the event store's database); returns this. */
    public final JdbcProjector attach(DataSource source) {
        this.dataSource = Objects.requireNonNull(source, "dataSource must not be null");
        return this;
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
        try (Connection connection = requireDataSource().getConnection()) {
            inTransaction(connection, () -> {
                for (EventEnvelope<?> envelope : events) {
                    handle(envelope);
                }
                JdbcCheckpointStore.save(connection, name(), upToPosition);
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
     * here once after an embedded store was opened following an unclean stop (see the class comment).
     *
     * @throws EventStoreException if the database fails or {@link #reset(Sql)} does
     */
    @Override
    public long checkpoint(CheckpointStore checkpoints) {
        try (Connection connection = requireDataSource().getConnection()) {
            if (!ReadModelRecovery.isNeeded(connection, name())) {
                return JdbcCheckpointStore.load(connection, name());
            }
            LOG.warn("Projector '{}' rebuilds its read model from the first event: the embedded store was not closed"
                    + " cleanly and its H2 file may hold part of a batch.", name());
            try {
                inTransaction(connection, () -> {
                    reset(current);
                    JdbcCheckpointStore.save(connection, name(), 0);
                    ReadModelRecovery.recordStartedOver(connection, name());
                });
            } catch (SQLException | RuntimeException e) {
                throw new EventStoreException("Projector '" + name() + "' could not empty its read model to rebuild"
                        + " it after an unclean stop of the embedded store (" + e.getMessage() + "); fix its reset(Sql)"
                        + " so that it deletes every row the projector wrote, then start it again.", e);
            }
            return 0;
        } catch (SQLException e) {
            throw new EventStoreException("Could not read the checkpoint of projector '" + name() + "' ("
                    + e.getMessage() + "); check that the database is reachable.", e);
        }
    }

    /**
     * Empties the read model (every row the handlers wrote, in every table they write), for example with
     * {@code DELETE FROM balances}; the projector then sets its checkpoint to 0 in the same transaction and replays
     * every event. Called when the read model cannot be trusted: on an embedded store that was not closed cleanly
     * (never on PostgreSQL). {@code TRUNCATE TABLE} works too on H2, but commits at once; that is safe, since the
     * projector starts over again until the rest of the reset has committed. Do not commit, roll back or close
     * {@code sql}'s connection, and keep the tables (handlers write into them next).
     *
     * @throws SQLException to roll the reset back; the projector then fails to start, with the cause
     */
    protected abstract void reset(Sql sql) throws SQLException;

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

    private DataSource requireDataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcProjector '" + name() + "' has no data source; pass the event"
                    + " store's DataSource to its constructor or call attach(dataSource) before it runs.");
        }
        return dataSource;
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
