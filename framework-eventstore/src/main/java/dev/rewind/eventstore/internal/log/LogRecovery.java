package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.schema.DialectSql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Checks the embedded store's H2 database against its {@link EventLog} on opening, before the schema is migrated.
 * H2 holds no events, only checkpoints, snapshots and read models, so a database whose log is missing is refused
 * rather than served with an empty log.
 */
final class LogRecovery {

    private LogRecovery() {
    }

    /**
     * Refuses a database that has a schema while its log was just created (it went missing).
     *
     * @throws EventStoreException if the log is missing, or the database cannot be read
     */
    static void check(DataSource dataSource, DialectSql sql, EventLog log) {
        if (!log.wasCreated()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            int version = SchemaMigrator.currentVersion(c, sql);
            if (version > 0) {
                throw new EventStoreException("The event log " + EventLog.FILE_NAME + " is missing from "
                        + log.folder() + ", but the store's H2 file (schema version " + version + ") is there, and"
                        + " only the log holds the events. Restore the log; to start an empty store instead, move"
                        + " rewind.mv.db away as well");
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not check the H2 database against its event log "
                    + EventLog.FILE_NAME + " (" + e.getMessage() + "); the H2 file is unchanged. Fix the cause (disk"
                    + " space, permissions) and open the store again.", e);
        }
    }
}
