package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates the schema that the URL's {@code currentSchema} (the connection's {@code search_path}) names when none of
 * its schemas exists yet, so a store opens on a fresh schema with nothing run beforehand. A user who may not create
 * it gets the statement to run.
 */
final class PostgresSchema {

    private PostgresSchema() {
    }

    /** Creates the connection's schema if it is missing; several processes starting at once create it once. */
    static void createIfMissing(DataSource dataSource) {
        String schema = null;
        String user = "the user";
        try (Connection connection = dataSource.getConnection()) {
            try (Statement sql = connection.createStatement();
                    ResultSet row = sql.executeQuery(
                            "SELECT current_schema(), current_setting('search_path'), session_user")) {
                row.next();
                if (row.getString(1) != null) {
                    return;
                }
                user = row.getString(3);
                schema = wanted(row.getString(2), user);
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute(PostgresSql.MIGRATION_LOCK);
                sql.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(schema));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (schema == null) {
                throw new EventStoreException("Could not read the current PostgreSQL schema: " + e.getMessage(), e);
            }
            throw new EventStoreException("The schema '" + schema + "' that the URL names (currentSchema) does not"
                    + " exist, and it could not be created (" + e.getMessage() + "). Create it once as a user who"
                    + " may: CREATE SCHEMA " + quoted(schema) + " AUTHORIZATION " + quoted(user) + ";", e);
        }
    }

    /** The schema to create: the first entry of the search path other than {@code $user}, else the user's own. */
    static String wanted(String searchPath, String user) {
        for (String entry : entries(searchPath)) {
            if (!entry.equals("$user")) {
                return entry;
            }
        }
        return user;
    }

    /**
     * The schema names of a search path as PostgreSQL reads it: comma-separated, double-quoted names as they are,
     * others folded to lower case.
     */
    static List<String> entries(String searchPath) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < searchPath.length(); i++) {
            char ch = searchPath.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < searchPath.length() && searchPath.charAt(i + 1) == '"') {
                    entry.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                entries.add(entry.toString().strip());
                entry.setLength(0);
            } else if (quoted) {
                entry.append(ch);
            } else if (!Character.isWhitespace(ch)) {
                // PostgreSQL folds unquoted identifiers to lower case (ASCII letters only)
                entry.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
            }
        }
        entries.add(entry.toString().strip());
        entries.removeIf(String::isEmpty);
        return entries;
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
