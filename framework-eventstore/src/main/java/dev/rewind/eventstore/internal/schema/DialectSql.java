package dev.rewind.eventstore.internal.schema;

import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.append.StoredEventIds;

/**
 * The SQL one database dialect uses; each dialect's holder ({@code H2Sql}, {@code PostgresSql}) builds one.
 *
 * @param name the dialect's name, also the folder of its schema migrations under {@code db/rewind/}
 * @param insertEvent inserts one event row (the event statements are empty for H2: the embedded store's H2 holds
 *     no events)
 * @param readStream reads a stream from a version, with a limit
 * @param readAll reads the global log from a position, with a limit
 * @param eventById reads {@link #EVENT_ID_COLUMNS} of one event by its id
 * @param streamVersion reads the last version of a stream (no row, or null, if it does not exist)
 * @param head reads the last global position
 * @param lockHead reads the last global position and locks it until commit
 * @param updateHead sets the last global position
 * @param notifyCommit tells other processes about a commit (empty if the dialect has no notifications)
 * @param migrationLock serializes schema migrations of several processes (empty if not needed)
 * @param createVersionTable creates the schema version table if it is missing
 * @param schemaVersion reads the current schema version
 * @param insertVersion records an applied schema version
 */
public record DialectSql(
        String name,
        String insertEvent,
        String readStream,
        String readAll,
        String eventById,
        String streamVersion,
        String head,
        String lockHead,
        String updateHead,
        String notifyCommit,
        String migrationLock,
        String createVersionTable,
        String schemaVersion,
        String insertVersion) {

    /** The column list every event query selects, in the order {@link EventRows} reads it. */
    public static final String EVENT_COLUMNS =
            "global_position, stream_id, stream_version, event_id, event_type, payload, metadata, recorded_at";

    /** What identifies a stored event, in the order {@link StoredEventIds#sql} reads it. */
    public static final String EVENT_ID_COLUMNS = "global_position, stream_id, stream_version, event_id";
}
