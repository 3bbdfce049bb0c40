package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Stream reads of the H2 store: H2 answers which positions hold the stream's versions from its unique (stream,
 * version) index alone, and each event is then copied out of the {@link EventLog} at the offset {@link LogOffsets}
 * gives for its position. H2 fetches no rows, and nothing is read twice.
 */
final class LogStreamReader {

    private final DataSource dataSource;
    private final EventLog log;

    LogStreamReader(DataSource dataSource, EventLog log) {
        this.dataSource = dataSource;
        this.log = log;
    }

    /**
     * Up to {@code maxCount} events of the stream from {@code fromVersion} on.
     *
     * @throws SQLException if H2 cannot be read
     * @throws IOException if the log cannot be read or does not hold an event H2 lists
     */
    List<RecordedEvent> read(String streamId, long fromVersion, int maxCount) throws SQLException, IOException {
        long[] positions = new long[Math.min(maxCount, 128)];
        long[] versions = new long[positions.length];
        int count = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(H2Sql.READ_STREAM)) {
            query.setString(1, streamId);
            query.setLong(2, fromVersion);
            query.setInt(3, maxCount);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (count == positions.length) {
                        positions = Arrays.copyOf(positions, count * 2);
                        versions = Arrays.copyOf(versions, count * 2);
                    }
                    positions[count] = rows.getLong(1);
                    versions[count] = rows.getLong(2);
                    count++;
                }
            }
        }
        byte[] streamIdBytes = streamId.getBytes(UTF_8);
        List<RecordedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(log.readEvent(positions[i], streamId, streamIdBytes, versions[i]));
        }
        return events;
    }
}
