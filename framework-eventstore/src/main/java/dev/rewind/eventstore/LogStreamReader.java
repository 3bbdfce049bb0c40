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
 * Stream reads of the H2 store: the positions of the stream's versions come from {@link StreamPositions}, or from
 * H2's unique (stream, version) index alone, and each event is then copied out of the {@link EventLog} at the offset
 * {@link LogOffsets} gives for its position. H2 fetches no rows, and nothing is stored twice.
 */
final class LogStreamReader {

    private final DataSource dataSource;
    private final EventLog log;
    private final StreamPositions known;

    LogStreamReader(DataSource dataSource, EventLog log, StreamPositions known) {
        this.dataSource = dataSource;
        this.log = log;
        this.known = known;
    }

    /**
     * Up to {@code maxCount} events of the stream from {@code fromVersion} on. A read of a whole stream (from version
     * 0) not held in {@link StreamPositions} yet puts it there.
     *
     * @throws SQLException if H2 cannot be read
     * @throws IOException if the log cannot be read or does not hold an event H2 lists
     */
    List<RecordedEvent> read(String streamId, long fromVersion, int maxCount) throws SQLException, IOException {
        StreamPositions.Entry entry = known.get(streamId);
        if (entry == null && fromVersion == 0) {
            entry = load(streamId);
        }
        byte[] streamIdBytes = streamId.getBytes(UTF_8);
        if (entry != null) {
            int count = entry.count();
            int end = (int) Math.min(count, fromVersion + maxCount);
            List<RecordedEvent> events = new ArrayList<>(Math.max(0, end - (int) Math.min(fromVersion, end)));
            for (int version = (int) Math.min(fromVersion, end); version < end; version++) {
                events.add(log.readEvent(entry.position(version), streamId, streamIdBytes, version));
            }
            return events;
        }
        Positions found = query(streamId, fromVersion, maxCount);
        List<RecordedEvent> events = new ArrayList<>(found.count);
        for (int i = 0; i < found.count; i++) {
            events.add(log.readEvent(found.positions[i], streamId, streamIdBytes, found.versions[i]));
        }
        return events;
    }

    /** Reads a whole stream's positions from H2 into {@link StreamPositions}; null if empty or too long to keep. */
    private StreamPositions.Entry load(String streamId) throws SQLException {
        StreamPositions.Entry entry;
        synchronized (known.lockOf(streamId)) {
            entry = known.get(streamId);
            if (entry != null) {
                return entry;
            }
            Positions found = query(streamId, 0, known.longestKept() + 1);
            for (int i = 0; i < found.count; i++) {
                if (found.versions[i] != i) {
                    return null;
                }
            }
            if (found.count == 0 || found.count > known.longestKept()) {
                return null;
            }
            entry = known.put(streamId, found.positions, found.count);
        }
        known.shrink(streamId);
        return entry;
    }

    /** Positions and versions of a stream's events, as H2's index has them. */
    private record Positions(long[] positions, long[] versions, int count) {
    }

    private Positions query(String streamId, long fromVersion, int maxCount) throws SQLException {
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
        return new Positions(positions, versions, count);
    }
}
