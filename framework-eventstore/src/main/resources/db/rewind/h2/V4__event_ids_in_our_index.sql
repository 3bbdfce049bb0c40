-- Rewind event store schema, version 4 (H2). Statements end with a semicolon at the end of a line.
-- Event ids are checked through Rewind's own event-id index (rewind-ids.idx, derived from the event log): a unique
-- index on random UUIDs changed nearly every one of its pages between two of H2's saves.
ALTER TABLE rewind_events DROP CONSTRAINT rewind_events_event_id_uk;
ALTER TABLE rewind_events DROP COLUMN event_id;
