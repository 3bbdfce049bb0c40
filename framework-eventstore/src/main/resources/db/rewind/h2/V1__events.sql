-- Rewind event store schema, version 1 (H2). Statements end with a semicolon at the end of a line.
CREATE TABLE rewind_events (
    global_position BIGINT NOT NULL PRIMARY KEY,
    stream_id VARCHAR(1000) NOT NULL,
    stream_version BIGINT NOT NULL,
    event_id UUID NOT NULL,
    event_type VARCHAR(1000) NOT NULL,
    payload VARBINARY NOT NULL,
    metadata VARCHAR,
    recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT rewind_events_event_id_uk UNIQUE (event_id),
    CONSTRAINT rewind_events_stream_uk UNIQUE (stream_id, stream_version)
);
-- No head row to lock: one process owns an H2 file and one writer thread per file hands out positions.
CREATE TABLE rewind_checkpoints (
    projector VARCHAR(1000) NOT NULL PRIMARY KEY,
    last_position BIGINT NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE TABLE rewind_snapshots (
    stream_id VARCHAR(1000) NOT NULL PRIMARY KEY,
    stream_version BIGINT NOT NULL,
    data VARBINARY NOT NULL,
    taken_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
