package dev.rewind.bus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema on the PostgreSQL server the tests use ({@code rewind.postgresUrl}, by default the local
 * {@code test} database). Without a server the test is skipped, or fails when {@code rewind.requirePostgres} is set.
 */
public final class PostgresSchemas {

    public static final String URL = System.getProperty("rewind.postgresUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private PostgresSchemas() {
    }

    /** Creates an empty schema and returns its name; skips (or fails) the test without a server. */
    public static String create() {
        String schema = "rewind_bus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            run("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String required = System.getProperty("rewind.requirePostgres", "");
            if (required.equals("1") || required.equalsIgnoreCase("true")) {
                fail("PostgreSQL is required but " + URL + " does not answer: " + e.getMessage());
            }
            assumeTrue(false, "Skipped: no PostgreSQL at " + URL + " (" + e.getMessage() + ")");
        }
        return schema;
    }

    /** The store configuration string of a schema. */
    public static String store(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops a schema and all it holds. */
    public static void drop(String schema) throws SQLException {
        run("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void run(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
