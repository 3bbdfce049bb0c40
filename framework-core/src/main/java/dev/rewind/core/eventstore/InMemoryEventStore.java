package dev.rewind.core.eventstore;

import dev.rewind.core.spi.CatchUpSubscription;
import dev.rewind.core.spi.CommitSignal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An event store in memory, for tests, tutorials and the benchmark's {@code mem} figures. It keeps every promise of
 * {@link EventStore} except durability: its content is gone when the JVM stops.
 *
 * <p>Appends are serialized under one lock, so global positions are dense and in commit order; reads see only
 * committed events.
 */
public final class InMemoryEventStore implements EventStore {

    private final StoreLimits limits;
    private final Clock clock;
    private final Object lock = new Object();
    private final ArrayList<RecordedEvent> log = new ArrayList<>();
    private final Map<String, ArrayList<RecordedEvent>> streams = new HashMap<>();
    private final Map<UUID, RecordedEvent> byId = new HashMap<>();
    private final CommitSignal signal = new CommitSignal(0);

    /** A store with the default limits and the system clock. */
    public InMemoryEventStore() {
        this(StoreLimits.DEFAULTS, Clock.systemUTC());
    }

    /** A store with the given limits and clock (the clock stamps {@code recordedAt}). */
    public InMemoryEventStore(StoreLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public StoreLimits limits() {
        return limits;
    }

    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        limits.check(streamId, expected, events);
        AppendResult result;
        synchronized (lock) {
            ArrayList<RecordedEvent> stream = streams.get(streamId);
            AppendResult repeated = repeatedAppend(streamId, stream, events);
            if (repeated != null) {
                return repeated;
            }
            long current = stream == null ? ExpectedVersion.NO_STREAM : stream.size() - 1;
            if (!expected.isSatisfiedBy(current)) {
                throw new WrongExpectedVersionException(streamId, expected, current);
            }
            if (stream == null) {
                stream = new ArrayList<>();
                streams.put(streamId, stream);
            }
            var now = clock.instant();
            long firstPosition = log.size() + 1;
            for (NewEvent event : events) {
                RecordedEvent recorded = new RecordedEvent(event.eventId(), streamId, stream.size(), log.size() + 1,
                        event.type(), event.data(), event.metadata(), now);
                log.add(recorded);
                stream.add(recorded);
                byId.put(event.eventId(), recorded);
            }
            result = new AppendResult(streamId, current + 1, stream.size() - 1, firstPosition, log.size());
        }
        signal.advance(result.lastPosition());
        return result;
    }

    /** The original result if this append repeats a stored one exactly; null if none of its ids is stored. */
    private AppendResult repeatedAppend(String streamId, List<RecordedEvent> stream, List<NewEvent> events) {
        RecordedEvent first = byId.get(events.get(0).eventId());
        if (first == null) {
            for (NewEvent event : events) {
                RecordedEvent stored = byId.get(event.eventId());
                if (stored != null) {
                    throw new DuplicateEventIdException(streamId, event.eventId(), where(stored));
                }
            }
            return null;
        }
        for (int i = 0; i < events.size(); i++) {
            long version = first.streamVersion() + i;
            UUID id = events.get(i).eventId();
            if (!first.streamId().equals(streamId) || stream == null || version >= stream.size()
                    || !stream.get((int) version).eventId().equals(id)) {
                RecordedEvent stored = byId.get(id);
                throw new DuplicateEventIdException(streamId, stored == null ? first.eventId() : id,
                        where(stored == null ? first : stored));
            }
        }
        RecordedEvent last = stream.get((int) first.streamVersion() + events.size() - 1);
        return new AppendResult(streamId, first.streamVersion(), last.streamVersion(), first.globalPosition(),
                last.globalPosition());
    }

    private static String where(RecordedEvent stored) {
        return "stream '" + stored.streamId() + "' version " + stored.streamVersion() + ", position "
                + stored.globalPosition();
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
        checkRead(fromVersion, 0, maxCount, "version");
        synchronized (lock) {
            List<RecordedEvent> stream = streams.get(streamId);
            if (stream == null || fromVersion >= stream.size()) {
                return List.of();
            }
            int from = (int) fromVersion;
            int to = (int) Math.min(stream.size(), (long) from + maxCount);
            return List.copyOf(stream.subList(from, to));
        }
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
        checkRead(fromPosition, 1, maxCount, "position");
        Objects.requireNonNull(filter, "filter must not be null (use EventFilter.all())");
        synchronized (lock) {
            List<RecordedEvent> result = new ArrayList<>(Math.min(maxCount, 1024));
            for (long p = fromPosition; p <= log.size() && result.size() < maxCount; p++) {
                RecordedEvent event = log.get((int) (p - 1));
                if (filter.isAll() || filter.matches(event)) {
                    result.add(event);
                }
            }
            return result;
        }
    }

    static void checkRead(long from, long min, int maxCount, String what) {
        if (from < min) {
            throw new IllegalArgumentException("Reading starts at " + what + " " + min + " or later, got " + from);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        }
    }

    @Override
    public long headPosition() {
        synchronized (lock) {
            return log.size();
        }
    }

    /** A summary: every stream counted, nothing on disk, durability {@code none}. */
    @Override
    public StoreSummary summary() {
        synchronized (lock) {
            return new StoreSummary("in-memory", log.size(), streams.size(), log.size(), 0, "none");
        }
    }

    @Override
    public StreamPage listStreams(String prefix, String after, int limit) {
        StoreInspector.checkListing(prefix, after, limit);
        List<StreamInfo> found = new ArrayList<>();
        synchronized (lock) {
            streams.forEach((id, events) -> {
                if (id.startsWith(prefix) && id.compareTo(after) > 0) {
                    found.add(new StreamInfo(id, events.size() - 1));
                }
            });
        }
        found.sort(Comparator.comparing(StreamInfo::streamId));
        return StreamPage.of(found.subList(0, Math.min(found.size(), limit + 1)), limit);
    }

    @Override
    public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
        return CatchUpSubscription.start(this, signal, fromPosition, filter, listener);
    }

    @Override
    public Optional<CommitSignal.Registration> onCommit(Runnable callback) {
        return Optional.of(signal.onAdvance(callback));
    }

    @Override
    public void close() {
        signal.close();
    }
}
