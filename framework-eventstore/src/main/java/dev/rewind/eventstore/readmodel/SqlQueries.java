package dev.rewind.eventstore.readmodel;

import dev.rewind.core.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads read-model tables without JDBC boilerplate: each call takes a connection from the pool, runs one query with
 * positional arguments, maps the rows and gives the connection back. A database error comes back as an
 * {@link EventStoreException} naming the query.
 *
 * <pre>{@code
 * Optional<Long> cents = queries.first("SELECT cents FROM balances WHERE account = ?", row -> row.getLong(1), id);
 * List<String> owners = queries.list("SELECT owner FROM balances ORDER BY owner", row -> row.getString(1));
 * }</pre>
 */
public final class SqlQueries {

    private final DataSource dataSource;

    /** Queries over a data source (the event store's, for read models its JDBC projectors keep). */
    public SqlQueries(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /** Every row of a query, mapped, in the order the query returns them. */
    public <T> List<T> list(String select, Sql.RowMapper<T> mapper, Object... args) {
        return run(select, args, rows -> {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        });
    }

    /** The first row of a query, mapped, or empty if it returns none (or the mapper returns null). */
    public <T> Optional<T> first(String select, Sql.RowMapper<T> mapper, Object... args) {
        return run(select, args, rows -> rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty());
    }

    /** Reads a whole result; unlike a row mapper, it moves the cursor. */
    @FunctionalInterface
    private interface ResultReader<T> {

        T read(ResultSet rows) throws SQLException;
    }

    private <T> T run(String select, Object[] args, ResultReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(select)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new EventStoreException("The read-model query '" + select + "' failed (" + e.getMessage()
                    + "); check the statement and that the projector owning its tables has started.", e);
        }
    }
}
