package dev.rewind.eventstore;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use ({@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, or the system
 * property {@code rewind.postgresUrl}) and a fresh schema per test or test class. Where no server answers, the tests
 * are skipped with the reason printed, unless {@code rewind.requirePostgres} is {@code 1} or {@code true}: then they
 * fail.
 */
final class PostgresTestDatabase {

    static final String URL = System.getProperty("rewind.postgresUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private static String unavailable;
    private static boolean checked;

    private PostgresTestDatabase() {
    }

    /** Skips the calling test (or fails it, when PostgreSQL is required) if the server does not answer. */
    static synchronized void assumeAvailable() {
        if (!checked) {
            checked = true;
            try (Connection connection = DriverManager.getConnection(URL)) {
                unavailable = connection.isValid(5) ? null : "the connection is not valid";
            } catch (SQLException e) {
                unavailable = e.getMessage();
            }
            if (unavailable != null) {
                System.out.println("PostgreSQL tests: no server at " + URL + " (" + unavailable + ")");
            }
        }
        if (unavailable == null) {
            return;
        }
        String required = System.getProperty("rewind.requirePostgres", "");
        if (required.equals("1") || required.equalsIgnoreCase("true")) {
            fail("PostgreSQL is required (rewind.requirePostgres=" + required + ") but " + URL + " does not answer: "
                    + unavailable);
        }
        assumeTrue(false, "Skipped: no PostgreSQL at " + URL + " (" + unavailable + ")");
    }

    /** Creates a fresh, empty schema and returns its name. */
    static String createSchema() {
        String schema = "rewind_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** The store configuration (a JDBC URL) whose current schema is {@code schema}. */
    static String config(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops a schema and everything in it. */
    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Runs one statement on a fresh connection. */
    static void execute(String statement) {
        try (Connection connection = DriverManager.getConnection(URL);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + statement + "': " + e.getMessage(), e);
        }
    }
}
