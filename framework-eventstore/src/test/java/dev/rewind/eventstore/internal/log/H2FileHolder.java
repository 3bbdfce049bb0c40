package dev.rewind.eventstore.internal.log;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A child JVM for {@link EmbeddedRecoveryTest}: opens an H2 file as another program would (an H2 console, say), so
 * H2's file lock is held by a process that is not a Rewind store, and keeps it until killed.
 */
public final class H2FileHolder {

    private H2FileHolder() {
    }

    /** Argument: the H2 JDBC URL. */
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
            connection.createStatement().executeQuery("SELECT COUNT(*) FROM rewind_schema_version").close();
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
