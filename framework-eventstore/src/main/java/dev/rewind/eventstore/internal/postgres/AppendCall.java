package dev.rewind.eventstore.internal.postgres;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.internal.append.MetadataJson;
import dev.rewind.eventstore.internal.append.PendingAppend;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One call of the {@code rewind_append} function (schema version 2) for a group of appends: the whole group in one
 * statement, so on an auto-commit connection one round trip stores and commits it. The function checks each append's
 * expected version, stores those that hold with dense positions under the head row's lock, and notifies listeners.
 */
final class AppendCall {

    private final List<PendingAppend> group;
    private final long[] versions;
    private final long[] firstPositions;

    private AppendCall(List<PendingAppend> group, long[] versions, long[] firstPositions) {
        this.group = group;
        this.versions = versions;
        this.firstPositions = firstPositions;
    }

    /** Calls the function for the group on {@code c}, in its current transaction (or as one, in auto-commit). */
    static AppendCall run(Connection c, List<PendingAppend> group, OffsetDateTime recordedAt, String channel)
            throws SQLException {
        int appends = group.size();
        int events = 0;
        for (PendingAppend append : group) {
            events += append.events.size();
        }
        String[] streams = new String[appends];
        Long[] expected = new Long[appends];
        Integer[] counts = new Integer[appends];
        Integer[] previous = new Integer[appends];
        UUID[] ids = new UUID[events];
        String[] types = new String[events];
        byte[][] payloads = new byte[events][];
        String[] metadata = new String[events];
        Map<String, Integer> lastOfStream = new HashMap<>();
        int e = 0;
        for (int i = 0; i < appends; i++) {
            PendingAppend append = group.get(i);
            streams[i] = append.streamId;
            expected[i] = append.expected.version();
            counts[i] = append.events.size();
            Integer before = lastOfStream.put(append.streamId, i + 1);
            previous[i] = before == null ? 0 : before;
            for (NewEvent event : append.events) {
                ids[e] = event.eventId();
                types[e] = event.type();
                payloads[e] = event.data();
                metadata[e] = MetadataJson.write(event.metadata());
                e++;
            }
        }
        try (PreparedStatement call = c.prepareStatement(PostgresSql.APPEND)) {
            call.setArray(1, c.createArrayOf("text", streams));
            call.setArray(2, c.createArrayOf("int8", expected));
            call.setArray(3, c.createArrayOf("int4", counts));
            call.setArray(4, c.createArrayOf("int4", previous));
            call.setArray(5, c.createArrayOf("uuid", ids));
            call.setArray(6, c.createArrayOf("text", types));
            call.setArray(7, c.createArrayOf("bytea", payloads));
            call.setArray(8, c.createArrayOf("text", metadata));
            call.setObject(9, recordedAt);
            call.setString(10, channel);
            try (ResultSet row = call.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("rewind_append returned no row");
                }
                return new AppendCall(group, longs(row.getArray(1), appends), longs(row.getArray(2), appends));
            }
        }
    }

    /** The array's values, -1 for a null; throws unless it has exactly {@code size} elements. */
    private static long[] longs(Array array, int size) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        if (values.length != size) {
            throw new SQLException("rewind_append returned " + values.length + " values for " + size + " appends");
        }
        long[] result = new long[size];
        for (int i = 0; i < size; i++) {
            result[i] = values[i] == null ? -1 : ((Number) values[i]).longValue();
        }
        return result;
    }

    /** Whether the append at {@code index} was stored. */
    boolean stored(int index) {
        return firstPositions[index] > 0;
    }

    /** The version its stream had before the append at {@code index} (as the function saw it). */
    long versionBefore(int index) {
        return versions[index];
    }

    /** The result of the stored append at {@code index}. */
    AppendResult result(int index) {
        PendingAppend append = group.get(index);
        int count = append.events.size();
        long first = firstPositions[index];
        return new AppendResult(append.streamId, versions[index] + 1, versions[index] + count, first,
                first + count - 1);
    }
}
