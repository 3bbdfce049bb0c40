-- Rewind event store schema, version 2 (H2). Statements end with a semicolon at the end of a line.
-- The event log (rewind-events.log) holds every event in full; H2 keeps what finds an event by stream and version and
-- what checks appends (stream versions, event ids). Its unique (stream_id, stream_version) index holds the position
-- too, so a stream read is answered from that index alone.
ALTER TABLE rewind_events DROP COLUMN (event_type, payload, metadata, recorded_at);
