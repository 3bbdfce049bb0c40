package dev.rewind.eventstore.internal.postgres;

import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import dev.rewind.eventstore.internal.schema.DialectSql;

/** The SQL of the PostgreSQL dialect. Unqualified names, so the store lives in the connection's current schema. */
final class PostgresSql {

    /** The column list every event query selects, in the order {@link EventRows} reads it. */
    static final String EVENT_COLUMNS =
            "global_position, stream_id, stream_version, event_id, event_type, payload, metadata, recorded_at";
    /** What identifies a stored event, in the order {@link StoredEventIds#sql} reads it. */
    static final String EVENT_ID_COLUMNS = "global_position, stream_id, stream_version, event_id";

    /** Appends a group in one call (schema version 2); {@link AppendCall} binds it. */
    static final String APPEND = "SELECT versions, first_positions FROM rewind_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String READ_STREAM = "SELECT " + EVENT_COLUMNS
            + " FROM rewind_events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?";
    static final String READ_ALL = "SELECT " + EVENT_COLUMNS
            + " FROM rewind_events WHERE global_position >= ? ORDER BY global_position LIMIT ?";
    static final String EVENT_BY_ID = "SELECT " + EVENT_ID_COLUMNS + " FROM rewind_events WHERE event_id = ?";
    static final String HEAD = "SELECT head FROM rewind_head WHERE id = 1";
    /** The row lock is held until commit: it serializes position assignment across every process. */
    static final String LOCK_HEAD = "SELECT head FROM rewind_head WHERE id = 1 FOR UPDATE";
    /** A transaction-scoped advisory lock, so two processes starting together migrate one after the other. */
    static final String MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(7306208426)";
    static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS rewind_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
            + " applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)";
    static final String SCHEMA_VERSION = "SELECT MAX(version) FROM rewind_schema_version";
    static final String INSERT_VERSION =
            "INSERT INTO rewind_schema_version (version, description, applied_at) VALUES (?, ?, ?)";

    static final DialectSql STATEMENTS = new DialectSql("postgresql", MIGRATION_LOCK, CREATE_VERSION_TABLE,
            SCHEMA_VERSION, INSERT_VERSION);

    private PostgresSql() {
    }
}
