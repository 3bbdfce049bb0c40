-- Rewind event store schema, version 3 (H2). Statements end with a semicolon at the end of a line.
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
