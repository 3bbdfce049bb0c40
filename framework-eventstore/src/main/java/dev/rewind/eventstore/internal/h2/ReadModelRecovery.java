package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.log.OpenMarker;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which {@link JdbcProjector}s on an embedded store must rebuild their read model because H2 was not closed cleanly.
 *
 * <p>H2 writes its file in the background, one table (and undo log) after the other, while transactions go on. After
 * a crash the file can join a read-model table caught in the middle of a batch with an undo log or a checkpoint of
 * another moment, and H2's recovery then keeps part of an uncommitted batch or undoes part of a committed one, or
 * leaves a row that a later update waits on forever (seen with H2 2.3.232 to 2.5.252; no H2 setting prevents it while
 * other transactions run). So each opening that finds {@link OpenMarker} draws a new recovery id
 * ({@code rewind_h2_recovery}); a JDBC projector keeps, with its checkpoint, the id under which it last started over
 * ({@code rewind_read_models}), and starts over when the two differ. A fresh id per crash makes a torn file unable to
 * show a projector as rebuilt for it.
 */
public final class ReadModelRecovery {

    private static final SecureRandom IDS = new SecureRandom();

    private ReadModelRecovery() {
    }

    /**
     * Records that the store was opened after an unclean stop: every JDBC read model on it is suspect from now on.
     *
     * @throws EventStoreException if the id cannot be written
     */
    public static void recordUncleanOpening(DataSource dataSource) {
        long id;
        do {
            id = IDS.nextLong();
        } while (id == 0);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE rewind_h2_recovery SET id = ?")) {
            update.setLong(1, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("Could not record in the embedded store's H2 database that it was not"
                    + " closed cleanly (" + e.getMessage() + "); JDBC read models could not be rebuilt. Check that"
                    + " the H2 file is writable and open the store again.", e);
        }
    }

    /** Whether the projector must start over: on an embedded store opened after an unclean stop it has not seen. */
    public static boolean isNeeded(Connection connection, String projector) throws SQLException {
        if (!isH2Store(connection)) {
            return false;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT h.id, m.recovery_id"
                + " FROM rewind_h2_recovery h LEFT JOIN rewind_read_models m ON m.projector = ?")) {
            query.setString(1, projector);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) != rows.getLong(2);
            }
        }
    }

    /** Records, in the caller's transaction, that the projector started over under the store's current id. */
    public static void recordStartedOver(Connection connection, String projector) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE rewind_read_models"
                + " SET recovery_id = (SELECT id FROM rewind_h2_recovery) WHERE projector = ?")) {
            update.setString(1, projector);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rewind_read_models"
                + " (projector, recovery_id) SELECT ?, id FROM rewind_h2_recovery")) {
            insert.setString(1, projector);
            insert.executeUpdate();
        }
    }

    /** An H2 database with the store's schema (a read model may also live in some other database). */
    private static boolean isH2Store(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        if (!"H2".equals(meta.getDatabaseProductName())) {
            return false;
        }
        try (ResultSet tables = meta.getTables(null, connection.getSchema(), "REWIND_H2_RECOVERY", null)) {
            return tables.next();
        }
    }
}
