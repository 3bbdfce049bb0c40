package dev.rewind.eventstore.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small SQL helper bound to the connection of the current projection transaction: what a {@link JdbcProjector}'s
 * handlers write here commits together with the projector's checkpoint, or not at all.
 *
 * <pre>{@code
 * sql.update("UPDATE balances SET cents = ? WHERE account = ?", e.newBalance(), e.accountId());
 * List<Long> cents = sql.query("SELECT cents FROM balances WHERE account = ?", row -> row.getLong(1), id);
 * }</pre>
 */
public final class Sql {

    /** Maps the current row of a result to a value. */
    @FunctionalInterface
    public interface RowMapper<T> {

        /** Reads the current row; must not move the cursor. */
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;

    /**
     * A helper running statements on this connection, inside whatever transaction the connection is in; it neither
     * commits nor closes the connection.
     */
    public Sql(Connection connection) {
        this.connection = connection;
    }

    /** Runs an INSERT, UPDATE, DELETE or DDL statement with positional arguments; returns the rows changed. */
    public int update(String statement, Object... args) throws SQLException {
        try (PreparedStatement prepared = prepare(statement, args)) {
            return prepared.executeUpdate();
        }
    }

    /** Runs a query with positional arguments and maps every row. */
    public <T> List<T> query(String statement, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement prepared = prepare(statement, args); ResultSet rows = prepared.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    /** Runs a query and maps its first row, if any. */
    public <T> Optional<T> queryFirst(String statement, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement prepared = prepare(statement, args); ResultSet rows = prepared.executeQuery()) {
            return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
        }
    }

    /** The transaction's connection, for what the helpers do not cover; do not commit, roll back or close it. */
    public Connection connection() {
        return connection;
    }

    private PreparedStatement prepare(String statement, Object... args) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        try {
            for (int i = 0; i < args.length; i++) {
                prepared.setObject(i + 1, args[i]);
            }
            return prepared;
        } catch (SQLException e) {
            prepared.close();
            throw e;
        }
    }
}
