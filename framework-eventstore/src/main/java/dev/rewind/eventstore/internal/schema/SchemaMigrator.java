package dev.rewind.eventstore.internal.schema;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.SchemaTooNewException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Creates or upgrades the store's schema at start-up from the versioned scripts under
 * {@code db/rewind/<dialect>/V<n>__<description>.sql}, recording each applied version in
 * {@code rewind_schema_version}; refuses a database whose schema is newer than the scripts this code ships.
 */
public final class SchemaMigrator {

    /** Every migration this code knows per dialect, oldest first; the version is the number after {@code V}. */
    static final Map<String, List<String>> MIGRATIONS = Map.of(
            "h2", List.of("V1__schema.sql"),
            "postgresql", List.of("V1__events.sql", "V2__append_function.sql"));

    private SchemaMigrator() {
    }

    /** The newest schema version this code knows for a dialect. */
    static int knownVersion(DialectSql sql) {
        return MIGRATIONS.get(sql.name()).size();
    }

    /** The database's schema version, 0 for a new database; creates the version table if it is missing. */
    public static int currentVersion(Connection connection, DialectSql sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.createVersionTable());
            try (ResultSet rows = statement.executeQuery(sql.schemaVersion())) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Brings the schema up to {@link #knownVersion}.
     *
     * @throws SchemaTooNewException if the database is at a newer version
     * @throws EventStoreException if a migration fails
     */
    public static void migrate(DataSource dataSource, DialectSql sql) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                migrate(connection, sql);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not create or upgrade the event store schema (" + e.getMessage()
                    + "); check that the database user may create tables in the current schema.", e);
        }
    }

    private static void migrate(Connection connection, DialectSql sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!sql.migrationLock().isEmpty()) {
                statement.execute(sql.migrationLock());
            }
            int current = currentVersion(connection, sql);
            int known = knownVersion(sql);
            if (current > known) {
                throw new SchemaTooNewException(current, known);
            }
            for (int version = current + 1; version <= known; version++) {
                String file = MIGRATIONS.get(sql.name()).get(version - 1);
                for (String command : statements(script(sql.name(), file))) {
                    statement.execute(command);
                }
                try (PreparedStatement insert = connection.prepareStatement(sql.insertVersion())) {
                    insert.setInt(1, version);
                    insert.setString(2, file);
                    insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.executeUpdate();
                }
            }
        }
    }

    private static String script(String dialect, String file) {
        String resource = "db/rewind/" + dialect + "/" + file;
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + resource + " is missing from the classpath;"
                        + " the framework-eventstore jar is incomplete.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read schema script " + resource, e);
        }
    }

    /**
     * Splits a script into statements: each ends with a semicolon at the end of a line, except inside a
     * dollar-quoted ({@code $$}) function body; {@code --} lines skip.
     */
    public static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            inBody ^= dollarQuotes(trimmed) % 2 == 1;
            if (trimmed.endsWith(";") && !inBody) {
                current.append(trimmed, 0, trimmed.length() - 1);
                result.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString());
        }
        return result;
    }

    private static int dollarQuotes(String line) {
        int count = 0;
        for (int at = line.indexOf("$$"); at >= 0; at = line.indexOf("$$", at + 2)) {
            count++;
        }
        return count;
    }
}
