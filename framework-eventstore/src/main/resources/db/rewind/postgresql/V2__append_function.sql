-- Rewind event store schema, version 2 (PostgreSQL): one server-side call appends a whole group, so a group costs one
-- round trip, and the head row is locked only for the inserts and the commit (docs/design/postgres-append.md).
-- Per append: its stream, its expected version (-2 any, -1 no stream, -3 stream exists, else the exact version), its
-- event count, and the index (1-based) of the group's previous append to the same stream, or 0. Per event: id, type,
-- payload and metadata, in the appends' order. Returns, per append, its stream's version before it and, if it was
-- stored, the position of its first event (null if its expected version did not hold).
CREATE FUNCTION rewind_append(p_streams TEXT[], p_expected BIGINT[], p_counts INT[], p_previous INT[],
        p_ids UUID[], p_types TEXT[], p_payloads BYTEA[], p_metadata TEXT[], p_recorded_at TIMESTAMPTZ,
        p_channel TEXT, OUT versions BIGINT[], OUT first_positions BIGINT[])
-- Generic plans: custom ones (planned again on every call, for the arrays' lengths) cost more than the inserts.
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    stored BIGINT[];
    after BIGINT[];
    event_offsets BIGINT[];
    event_streams TEXT[];
    event_versions BIGINT[];
    accepted INT := 0;
    e INT := 0;
    current BIGINT;
    base BIGINT;
BEGIN
    -- Arrays of their full length from the start: an assignment past the end of an empty array would start it there.
    versions := array_fill(NULL::BIGINT, ARRAY[cardinality(p_streams)]);
    first_positions := versions;
    after := versions;
    event_offsets := array_fill(NULL::BIGINT, ARRAY[cardinality(p_ids)]);
    event_versions := event_offsets;
    event_streams := array_fill(NULL::TEXT, ARRAY[cardinality(p_ids)]);
    -- The streams' committed versions, read before the lock: if another writer gets in between, the unique
    -- (stream_id, stream_version) index refuses the insert and the caller decides each append alone.
    SELECT array_agg(COALESCE(m.version, -1) ORDER BY s.n) INTO stored
    FROM unnest(p_streams) WITH ORDINALITY AS s(stream_id, n)
    CROSS JOIN LATERAL (SELECT max(r.stream_version) AS version FROM rewind_events r
        WHERE r.stream_id = s.stream_id) m;
    FOR i IN 1 .. cardinality(p_streams) LOOP
        current := CASE WHEN p_previous[i] = 0 THEN stored[i] ELSE after[p_previous[i]] END;
        versions[i] := current;
        IF p_expected[i] = -2 OR p_expected[i] = current OR (p_expected[i] = -3 AND current >= 0) THEN
            first_positions[i] := accepted + 1;
            FOR k IN 1 .. p_counts[i] LOOP
                e := e + 1;
                event_offsets[e] := accepted + k;
                event_streams[e] := p_streams[i];
                event_versions[e] := current + k;
            END LOOP;
            accepted := accepted + p_counts[i];
            after[i] := current + p_counts[i];
        ELSE
            e := e + p_counts[i];
            after[i] := current;
        END IF;
    END LOOP;
    IF accepted = 0 THEN
        RETURN;
    END IF;
    -- The lock that orders all writers, taken by the update: held from here to the end of the commit that makes the
    -- positions visible.
    WITH head AS (
        UPDATE rewind_head SET head = rewind_head.head + accepted WHERE id = 1
        RETURNING rewind_head.head - accepted AS base
    ), inserted AS (
        INSERT INTO rewind_events (global_position, stream_id, stream_version, event_id, event_type, payload,
            metadata, recorded_at)
        SELECT head.base + t.o, t.s, t.v, t.id, t.ty, t.pl, t.md, p_recorded_at
        FROM head, unnest(event_offsets, event_streams, event_versions, p_ids, p_types, p_payloads, p_metadata)
            AS t(o, s, v, id, ty, pl, md)
        WHERE t.o IS NOT NULL
    )
    SELECT head.base INTO base FROM head;
    IF base IS NULL THEN
        RAISE EXCEPTION 'The rewind_head row is missing; the schema was changed outside Rewind.';
    END IF;
    -- Delivered to listeners only once the transaction commits.
    PERFORM pg_notify(p_channel, (base + accepted)::TEXT);
    FOR i IN 1 .. cardinality(p_streams) LOOP
        first_positions[i] := base + first_positions[i];
    END LOOP;
END
$$;
