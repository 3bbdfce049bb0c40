package dev.rewind.examples.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own in the database of {@code --store}, for one fresh store or one measurement: its name is new,
 * so it does not exist until the store (or the caller) creates it; {@link #drop()} removes it and all in it.
 *
 * @param url the database URL with {@code currentSchema} set to the schema
 * @param name the schema's name
 */
record PostgresSchema(String url, String name) {

    /** A new schema name in the database {@code databaseUrl} names (any {@code currentSchema} in it is replaced). */
    static PostgresSchema fresh(String databaseUrl) {
        String name = "rewind_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = databaseUrl.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return new PostgresSchema(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name, name);
    }

    /** A new connection to the database, with the schema first in its search path. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Drops the schema with everything in it, if it exists. */
    void drop() {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the benchmark schema " + name + ": " + e.getMessage(), e);
        }
    }
}
