package dev.rewind.examples.bank.chaos;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server of the chaos test ({@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, or the
 * system property {@code rewind.postgresUrl}) and a fresh schema for it. Without a server the test is skipped with
 * the reason printed, unless {@code rewind.requirePostgres} is {@code 1} or {@code true}: then it fails.
 */
final class ChaosDatabase {

    static final String URL = System.getProperty("rewind.postgresUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private ChaosDatabase() {
    }

    static void assumeAvailable() {
        String unavailable;
        try (Connection connection = DriverManager.getConnection(URL)) {
            unavailable = connection.isValid(5) ? null : "the connection is not valid";
        } catch (SQLException e) {
            unavailable = e.getMessage();
        }
        if (unavailable == null) {
            return;
        }
        String required = System.getProperty("rewind.requirePostgres", "");
        if (required.equals("1") || required.equalsIgnoreCase("true")) {
            fail("PostgreSQL is required (rewind.requirePostgres=" + required + ") but " + URL + " does not answer: "
                    + unavailable);
        }
        System.out.println("Chaos test skipped: no PostgreSQL at " + URL + " (" + unavailable + ")");
        assumeTrue(false, "Skipped: no PostgreSQL at " + URL + " (" + unavailable + ")");
    }

    static String createSchema() {
        String schema = "rewind_chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    static String config(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String statement) {
        try (Connection connection = DriverManager.getConnection(URL);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + statement + "': " + e.getMessage(), e);
        }
    }
}
