-- Rewind embedded store, H2 schema version 1. Statements end with a semicolon at the end of a line.
-- The event log (rewind-events.log) holds every event, and the files derived from it find them: rewind-events.idx
-- by position, rewind-ids.idx by event id, rewind-streams.idx and rewind-streams.prev by stream and version. H2
-- keeps checkpoints, snapshots and read models only, so an append does not write H2 at all.
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
-- After H2 was not closed cleanly its file may hold a torn image of the transactions that were running, so JDBC read
-- models start over: each such opening draws a new id here, and each JDBC projector records the id under which it
-- last started over. 0: the store never was opened after an unclean stop.
CREATE TABLE rewind_h2_recovery (
    id BIGINT NOT NULL
);
INSERT INTO rewind_h2_recovery (id) VALUES (0);
CREATE TABLE rewind_read_models (
    projector VARCHAR(1000) NOT NULL PRIMARY KEY,
    recovery_id BIGINT NOT NULL
);
