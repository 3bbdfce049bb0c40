package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.internal.append.AppendTransactions;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.PendingAppend;
import dev.rewind.eventstore.internal.append.RepeatedAppends;
import dev.rewind.eventstore.internal.append.StreamHeads;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The writer's appends in the embedded store, where events live in the {@link EventLog} only: a group is stored by one
 * write of one log record, which is what makes it survive {@code kill -9}; then the {@link EventIdIndex}, the
 * {@link StreamIndex} and the held {@link StreamPositions} learn its events, and only then is it acknowledged. H2 is
 * not written at all. Versions come from the writer's cache of stream versions, or from the stream index; an append
 * with an id the event-id index (or an earlier append of the group) has is left to the careful path, which checks
 * ids through that index and the log.
 */
final class LogAppendTransactions implements AppendTransactions {

    private static final int HEAD_CACHE_SIZE = 100_000;

    private final EventLog log;
    private final StreamIndex streams;
    private final EventIdIndex ids;
    private final StreamPositions positions;
    private final Clock clock;
    private final StreamHeads heads = new StreamHeads(HEAD_CACHE_SIZE);
    private final Set<UUID> groupIds = new HashSet<>();
    private final List<EventRow> rows = new ArrayList<>();

    LogAppendTransactions(EventLog log, StreamIndex streams, EventIdIndex ids, StreamPositions positions,
            Clock clock) {
        this.log = log;
        this.streams = streams;
        this.ids = ids;
        this.positions = positions;
        this.clock = clock;
    }

    @Override
    public Group writeGroup(List<PendingAppend> group) throws IOException {
        rows.clear();
        groupIds.clear();
        long head = log.lastPosition();
        Map<String, Long> written = new HashMap<>();
        List<PendingAppend> accepted = new ArrayList<>(group.size());
        List<AppendResult> results = new ArrayList<>(group.size());
        List<PendingAppend> deferred = new ArrayList<>();
        long position = head;
        OffsetDateTime now = now();
        for (PendingAppend append : group) {
            Long inGroup = written.get(append.streamId);
            long current = inGroup != null ? inGroup : cachedVersion(append.streamId);
            if (!append.expected.isSatisfiedBy(current) || hasKnownId(append)) {
                deferred.add(append);
                continue;
            }
            results.add(addRows(append, current, position, now));
            accepted.add(append);
            position += append.events.size();
            written.put(append.streamId, current + append.events.size());
        }
        if (!accepted.isEmpty()) {
            store();
            heads.putAll(written);
            results.forEach(positions::appended);
        }
        return new Group(accepted, results, deferred, position);
    }

    @Override
    public AppendResult writeAlone(PendingAppend append) throws SQLException, IOException {
        rows.clear();
        AppendResult repeated = RepeatedAppends.originalResult(ids, append);
        if (repeated != null) {
            return repeated;
        }
        StreamIndex.Head head = streams.head(append.streamId);
        long current = head == null ? ExpectedVersion.NO_STREAM : head.version();
        heads.put(append.streamId, current);
        if (!append.expected.isSatisfiedBy(current)) {
            throw new WrongExpectedVersionException(append.streamId, append.expected, current);
        }
        AppendResult result = addRows(append, current, log.lastPosition(), now());
        store();
        heads.put(append.streamId, result.lastVersion());
        positions.appended(result);
        return result;
    }

    /**
     * Whether an id of the append may be stored already (the index has it, unconfirmed) or is taken by an earlier
     * append of this group; such an append is left to the careful path, which decides it exactly. Records the ids
     * of an append it lets through.
     */
    private boolean hasKnownId(PendingAppend append) {
        for (NewEvent event : append.events) {
            if (groupIds.contains(event.eventId()) || ids.positionHint(event.eventId()) != 0) {
                return true;
            }
        }
        for (NewEvent event : append.events) {
            groupIds.add(event.eventId());
        }
        return false;
    }

    private AppendResult addRows(PendingAppend append, long current, long head, OffsetDateTime now) {
        List<NewEvent> events = append.events;
        for (int i = 0; i < events.size(); i++) {
            rows.add(EventRow.of(head + 1 + i, append.streamId, current + 1 + i, events.get(i), now));
        }
        return new AppendResult(append.streamId, current + 1, current + events.size(), head + 1,
                head + events.size());
    }

    /** Writes the rows as one log record, lets readers see them, and gives them to the indexes. */
    private void store() throws IOException {
        try {
            log.append(rows);
        } catch (IOException e) {
            throw new IOException("Could not write the event log of the embedded store (" + e.getMessage()
                    + "); nothing was stored. Check the disk (free space, permissions)", e);
        }
        log.committed();
        ids.added(rows);
        streams.added(rows);
    }

    private long cachedVersion(String streamId) throws IOException {
        Long cached = heads.get(streamId);
        if (cached != null) {
            return cached;
        }
        StreamIndex.Head head = streams.head(streamId);
        long version = head == null ? ExpectedVersion.NO_STREAM : head.version();
        heads.put(streamId, version);
        return version;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    @Override
    public String storeKind() {
        return "embedded";
    }

    @Override
    public void close() {
        // nothing of its own: the store closes the log and the indexes after the writer stopped
    }
}
