package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.eventstore.StoreSummary;
import dev.rewind.core.eventstore.StreamInfo;
import dev.rewind.core.eventstore.StreamPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The PostgreSQL store's answers to operators. There is no table of streams (appends would pay for it), so streams
 * are found by walking the {@code (stream_id, stream_version)} index from one id to the next ("loose index scan"):
 * one index probe per stream listed or counted, never a read of every event. Ids come in the database's collation;
 * where it is not bytewise ({@code C}), ids sharing a prefix need not be neighbours, so each probe then also checks
 * the prefix.
 */
final class PostgresInspection {

    private static final String NEXT = "SELECT e.stream_id FROM rewind_events e WHERE e.stream_id > ids.stream_id";
    private static final String COUNT_STREAMS = "WITH RECURSIVE ids AS ("
            + "(SELECT stream_id FROM rewind_events ORDER BY stream_id LIMIT 1) UNION ALL"
            + " SELECT (" + NEXT + " ORDER BY e.stream_id LIMIT 1) FROM ids WHERE ids.stream_id IS NOT NULL)"
            + " SELECT count(stream_id) FROM ids";
    private static final String VERSION_OF = "(SELECT max(v.stream_version) FROM rewind_events v"
            + " WHERE v.stream_id = ids.stream_id)";
    /** Parameters: after, prefix, prefix (stops at the first id without it), prefix, limit. */
    private static final String LIST_BYTEWISE = "WITH RECURSIVE ids AS ("
            + "(SELECT stream_id FROM rewind_events WHERE stream_id > ? AND stream_id >= ? ORDER BY stream_id"
            + " LIMIT 1) UNION ALL"
            + " SELECT (" + NEXT + " ORDER BY e.stream_id LIMIT 1) FROM ids"
            + " WHERE ids.stream_id IS NOT NULL AND starts_with(ids.stream_id, ?))"
            + " SELECT ids.stream_id, " + VERSION_OF + " FROM ids"
            + " WHERE ids.stream_id IS NOT NULL AND starts_with(ids.stream_id, ?) LIMIT ?";
    /** Parameters: after, prefix, prefix, limit. */
    private static final String LIST_COLLATED = "WITH RECURSIVE ids AS ("
            + "(SELECT stream_id FROM rewind_events WHERE stream_id > ? AND starts_with(stream_id, ?)"
            + " ORDER BY stream_id LIMIT 1) UNION ALL"
            + " SELECT (" + NEXT + " AND starts_with(e.stream_id, ?) ORDER BY e.stream_id LIMIT 1) FROM ids"
            + " WHERE ids.stream_id IS NOT NULL)"
            + " SELECT ids.stream_id, " + VERSION_OF + " FROM ids WHERE ids.stream_id IS NOT NULL LIMIT ?";
    private static final String BYTEWISE_COLLATION = "SELECT (datcollate IN ('C', 'POSIX') OR datcollate LIKE 'C.%')"
            + " AND 'B' < 'a' AND 'a-c' < 'ab' FROM pg_database WHERE datname = current_database()";
    private static final String SIZE = "SELECT coalesce(pg_total_relation_size(to_regclass('rewind_events')), -1)";
    private static final String SYNCHRONOUS_COMMIT = "SHOW synchronous_commit";

    private final DataSource dataSource;
    private Boolean bytewise;

    PostgresInspection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    StoreSummary summary(long head) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new StoreSummary("postgresql", head, single(connection, COUNT_STREAMS),
                    head, single(connection, SIZE), "synchronous_commit=" + text(connection, SYNCHRONOUS_COMMIT));
        }
    }

    StreamPage list(String prefix, String after, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean inBytes = bytewise(connection);
            try (PreparedStatement query = connection.prepareStatement(inBytes ? LIST_BYTEWISE : LIST_COLLATED)) {
                int i = 1;
                query.setString(i++, after);
                query.setString(i++, prefix);
                query.setString(i++, prefix);
                if (inBytes) {
                    query.setString(i++, prefix);
                }
                query.setInt(i, limit + 1);
                List<StreamInfo> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new StreamInfo(rows.getString(1), rows.getLong(2)));
                    }
                }
                return StreamPage.of(found, limit);
            }
        }
    }

    private synchronized boolean bytewise(Connection connection) throws SQLException {
        if (bytewise == null) {
            try (PreparedStatement query = connection.prepareStatement(BYTEWISE_COLLATION);
                    ResultSet rows = query.executeQuery()) {
                bytewise = rows.next() && rows.getBoolean(1);
            }
        }
        return bytewise;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : StoreSummary.UNKNOWN;
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : "unknown";
        }
    }
}
