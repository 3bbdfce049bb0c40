-- Rewind event store schema, version 5 (H2). Statements end with a semicolon at the end of a line.
-- The event log (rewind-events.log) holds every event, and the files derived from it find them: rewind-events.idx
-- by position, rewind-ids.idx by event id, rewind-streams.idx and rewind-streams.prev by stream and version. H2
-- keeps checkpoints, snapshots and read models only, so an append does not write H2 at all.
DROP TABLE rewind_events;
