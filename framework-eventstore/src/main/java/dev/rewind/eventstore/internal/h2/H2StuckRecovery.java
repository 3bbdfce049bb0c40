package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;

/**
 * Checks, after an unclean stop, that H2's recovery finished every transaction it found in the file.
 *
 * <p>When the file a crash left holds a committed undo log, H2 (2.3.232 to 2.5.252) commits that transaction at
 * opening but never ends it: it stays registered as committed for as long as the database is open, and again at
 * every opening. A torn file can hold rows marked with that transaction's id that its undo log does not name (rows
 * of a later transaction of the same session); those rows then stay locked for good, and an {@code UPDATE} or
 * {@code DELETE} of one spins at 100 % CPU in H2's {@code TransactionMap.set}, whatever the lock timeout. Such a file
 * is damaged for the store's purpose: it is moved aside and rebuilt from the event log.
 */
public final class H2StuckRecovery {

    private H2StuckRecovery() {
    }

    /**
     * Opens the H2 file alone, before the store's pool, and closes it again.
     *
     * @throws H2FileDamagedException if H2 left a recovered transaction open
     * @throws EventStoreException if H2 cannot open the file (with H2's error as the cause)
     */
    public static void check(StoreConfig config) {
        int stuck;
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), "sa", "")) {
            // Before this session runs a statement, every open transaction is one that recovery registered.
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            stuck = (int) session.getDatabase().getStore().getTransactionStore().getOpenTransactions().stream()
                    .filter(transaction -> transaction.getStatus() == Transaction.STATUS_COMMITTED).count();
        } catch (SQLException e) {
            throw new EventStoreException("Could not open the H2 file of " + config + " after an unclean stop ("
                    + e.getMessage() + "); check that no other program has it open.", e);
        }
        if (stuck > 0) {
            throw new H2FileDamagedException("H2's recovery after an unclean stop left " + stuck + " committed"
                    + " transaction(s) open in " + config + "; rows they hold could never be updated again. The store"
                    + " rebuilds such a file from its event log; with an empty log, move rewind.mv.db away and open"
                    + " the store again.");
        }
    }
}
