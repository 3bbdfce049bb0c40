-- Rewind event store schema, version 1 (PostgreSQL). Statements end with a semicolon at the end of a line.
CREATE TABLE rewind_events (
    global_position BIGINT NOT NULL PRIMARY KEY,
    stream_id VARCHAR(1000) NOT NULL,
    stream_version BIGINT NOT NULL,
    event_id UUID NOT NULL,
    event_type VARCHAR(1000) NOT NULL,
    payload BYTEA NOT NULL,
    metadata TEXT,
    recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT rewind_events_event_id_uk UNIQUE (event_id),
    CONSTRAINT rewind_events_stream_uk UNIQUE (stream_id, stream_version)
);
-- One row: the last global position handed out. Writers lock it, so positions are dense and in commit order.
CREATE TABLE rewind_head (
    id INT NOT NULL PRIMARY KEY,
    head BIGINT NOT NULL
);
INSERT INTO rewind_head (id, head) VALUES (1, 0);
CREATE TABLE rewind_checkpoints (
    projector VARCHAR(1000) NOT NULL PRIMARY KEY,
    last_position BIGINT NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE TABLE rewind_snapshots (
    stream_id VARCHAR(1000) NOT NULL PRIMARY KEY,
    stream_version BIGINT NOT NULL,
    data BYTEA NOT NULL,
    taken_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
