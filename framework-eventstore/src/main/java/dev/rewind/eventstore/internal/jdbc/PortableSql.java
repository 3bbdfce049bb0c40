package dev.rewind.eventstore.internal.jdbc;

/** SQL that is the same in every dialect: checkpoints and snapshots (plain UPDATE-then-INSERT, no upsert syntax). */
final class PortableSql {

    static final String LOAD_CHECKPOINT = "SELECT last_position FROM rewind_checkpoints WHERE projector = ?";
    static final String UPDATE_CHECKPOINT =
            "UPDATE rewind_checkpoints SET last_position = ?, updated_at = ? WHERE projector = ?";
    static final String INSERT_CHECKPOINT =
            "INSERT INTO rewind_checkpoints (projector, last_position, updated_at) VALUES (?, ?, ?)";

    static final String LOAD_SNAPSHOT = "SELECT stream_version, data FROM rewind_snapshots WHERE stream_id = ?";
    /** Replaces only an older snapshot, so the newest one is kept. */
    static final String UPDATE_SNAPSHOT = "UPDATE rewind_snapshots SET stream_version = ?, data = ?, taken_at = ?"
            + " WHERE stream_id = ? AND stream_version < ?";
    static final String SNAPSHOT_EXISTS = "SELECT 1 FROM rewind_snapshots WHERE stream_id = ?";
    static final String INSERT_SNAPSHOT =
            "INSERT INTO rewind_snapshots (stream_id, stream_version, data, taken_at) VALUES (?, ?, ?, ?)";

    private PortableSql() {
    }
}
