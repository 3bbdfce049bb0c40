package dev.rewind.eventstore;

/**
 * The SQL of the H2 dialect. One process owns an H2 file and {@link EventStores} opens one store per file, so its
 * single writer thread hands out positions from memory: there is no head row to lock or update.
 *
 * <p>Since schema version 2 the events themselves are in the {@link EventLog} only: H2's {@code rewind_events} holds
 * position, stream and version. Stream reads select nothing but what the unique (stream, version) index holds (the
 * position is the row key), so H2 answers them without fetching rows. Since schema version 4 event ids are checked
 * through the {@link EventIdIndex}, not by H2.
 */
final class H2Sql {

    static final String INSERT_EVENT = "INSERT INTO rewind_events (global_position, stream_id, stream_version)"
            + " VALUES (?, ?, ?)";
    /** Position and version of a stream's events; the events come from the log. */
    static final String READ_STREAM = "SELECT global_position, stream_version"
            + " FROM rewind_events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?";
    /** What {@link LogRecovery} compares with the log's event at H2's head. */
    static final String EVENT_AT = "SELECT stream_id, stream_version FROM rewind_events WHERE global_position = ?";
    static final String STREAM_VERSION = "SELECT stream_version FROM rewind_events WHERE stream_id = ?"
            + " ORDER BY stream_version DESC LIMIT 1";
    /** H2 answers MAX of the primary key from the index. */
    static final String HEAD = "SELECT COALESCE(MAX(global_position), 0) FROM rewind_events";
    static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS rewind_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
            + " applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)";
    static final String SCHEMA_VERSION = "SELECT MAX(version) FROM rewind_schema_version";
    static final String INSERT_VERSION =
            "INSERT INTO rewind_schema_version (version, description, applied_at) VALUES (?, ?, ?)";

    static final DialectSql STATEMENTS = new DialectSql("h2", INSERT_EVENT, READ_STREAM, "", "", STREAM_VERSION, HEAD,
            "", "", "", "", CREATE_VERSION_TABLE, SCHEMA_VERSION, INSERT_VERSION);

    private H2Sql() {
    }
}
