package dev.rewind.core.aggregate;

import dev.rewind.core.internal.tracing.Tracing;
import dev.rewind.core.spi.Snapshot;
import dev.rewind.core.spi.SnapshotStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.serialization.SerializedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Loads aggregates by folding their stream and saves them by appending their pending events with the version they
 * were loaded at, so concurrent changes are detected, never lost.
 *
 * @param <ID> the id type
 * @param <A> the aggregate type
 */
public final class AggregateRepository<ID, A extends AggregateRoot<ID, ?>> {

    private static final int PAGE = 1_000;
    /** How far back {@link #savedBy} looks for a command's events. */
    public static final int REDELIVERY_WINDOW = 1_000;
    private static final ObjectMapper SNAPSHOT_MAPPER = JacksonEventSerializer.defaultMapper();

    private final AggregateType<ID, A> type;
    private final EventStore store;
    private final EventSerializer serializer;
    private final SnapshotStore snapshots;
    private final AggregateCache<A> cache;

    /** A repository of one aggregate type over a store. */
    public AggregateRepository(AggregateType<ID, A> type, EventStore store, EventSerializer serializer,
            RepositoryOptions options) {
        this.type = Objects.requireNonNull(type, "type must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        this.snapshots = options.snapshotStore();
        this.cache = options.cacheSize() > 0 ? new AggregateCache<>(options.cacheSize()) : null;
    }

    /** The aggregate type this repository stores. */
    public AggregateType<ID, A> type() {
        return type;
    }

    /** A fresh aggregate with this id, never stored (version -1). */
    public A create(ID id) {
        A aggregate = type.factory().get();
        aggregate.assignId(id);
        return aggregate;
    }

    /**
     * Takes a freshly created aggregate (from a factory method, never stored) as the one with this id.
     *
     * @throws IllegalArgumentException if the aggregate was loaded from a stream already
     */
    public A adopt(A created, ID id) {
        Objects.requireNonNull(created, "the factory returned null instead of an aggregate");
        if (created.version() >= 0) {
            throw new IllegalArgumentException("A new " + type.aggregateClass().getSimpleName()
                    + " must not have been stored before, but it is at version " + created.version());
        }
        created.assignId(id);
        return created;
    }

    /** Loads an aggregate: its latest state from its stream (and snapshot or cache, if configured), or empty. */
    public Optional<A> load(ID id) {
        String streamId = type.streamId(id);
        A aggregate = cache == null ? null : cache.take(streamId);
        if (aggregate == null) {
            aggregate = restoreSnapshot(streamId).orElseGet(type.factory());
            aggregate.assignId(id);
        }
        foldFrom(aggregate, streamId);
        return aggregate.version() < 0 ? Optional.empty() : Optional.of(aggregate);
    }

    @SuppressWarnings("unchecked")
    private void foldFrom(A aggregate, String streamId) {
        AggregateRoot<ID, Object> root = (AggregateRoot<ID, Object>) aggregate;
        while (true) {
            List<RecordedEvent> page = store.readStream(streamId, aggregate.version() + 1, PAGE);
            for (RecordedEvent stored : page) {
                root.replay(serializer.deserialize(stored), stored.streamVersion());
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    /**
     * Appends the aggregate's pending events, expecting the stream at the version it was loaded at.
     *
     * @return the append's result, or empty if the aggregate had nothing pending
     * @throws dev.rewind.core.eventstore.WrongExpectedVersionException if the stream changed since the load
     */
    public Optional<AppendResult> save(A aggregate, Metadata metadata) {
        return save(aggregate, metadata, null);
    }

    /**
     * Appends the aggregate's pending events as the effect of one command: their ids derive from the command id, so
     * handling the same command message again (a redelivery) stores nothing new and returns the original result.
     *
     * @param commandId the id of the command whose effect this is, or null for random event ids
     * @return the append's result, or empty if the aggregate had nothing pending
     * @throws dev.rewind.core.eventstore.WrongExpectedVersionException if the stream changed since the load
     */
    public Optional<AppendResult> save(A aggregate, Metadata metadata, UUID commandId) {
        if (!aggregate.hasPending()) {
            putInCache(aggregate);
            return Optional.empty();
        }
        String streamId = type.streamId(aggregate.id());
        List<?> pending = aggregate.pendingView();
        List<NewEvent> events = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            SerializedEvent serialized = serializer.serialize(pending.get(i));
            UUID eventId = commandId == null ? UUID.randomUUID() : eventId(commandId, streamId, i);
            events.add(new NewEvent(eventId, serialized.type(), serialized.data(), metadata));
        }
        long before = aggregate.version();
        AppendResult result;
        try (Tracing.Span span = Tracing.get().append(streamId, events.size())) {
            try {
                result = store.append(streamId, ExpectedVersion.exactly(before), events);
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
        aggregate.committed(result.lastVersion());
        type.snapshots().ifPresent(policy -> maybeSnapshot(policy, aggregate, streamId, before));
        putInCache(aggregate);
        return Optional.of(result);
    }

    /**
     * The append that saved the effect of a command on this aggregate, if it is among the stream's last
     * {@value #REDELIVERY_WINDOW} events up to {@code version}: found by the event ids {@link #save(AggregateRoot,
     * Metadata, UUID)} derives from the command id. A command handler asks it when a command fails on state that may
     * already carry that command's own events (a redelivered command), to answer the original result instead.
     *
     * @param version the stream's version as last loaded
     */
    public Optional<AppendResult> savedBy(ID id, UUID commandId, long version) {
        Objects.requireNonNull(commandId, "commandId must not be null");
        String streamId = type.streamId(id);
        long from = Math.max(0, version - REDELIVERY_WINDOW + 1);
        List<RecordedEvent> tail = store.readStream(streamId, from, REDELIVERY_WINDOW);
        for (int start = 0; start < tail.size(); start++) {
            if (tail.get(start).eventId().equals(eventId(commandId, streamId, 0))) {
                int end = start;
                while (end + 1 < tail.size() && tail.get(end + 1).eventId().equals(
                        eventId(commandId, streamId, end + 1 - start))) {
                    end++;
                }
                RecordedEvent first = tail.get(start);
                RecordedEvent last = tail.get(end);
                return Optional.of(new AppendResult(streamId, first.streamVersion(), last.streamVersion(),
                        first.globalPosition(), last.globalPosition()));
            }
        }
        return Optional.empty();
    }

    /**
     * Drops the cached aggregates whose stream id {@code streamIds} accepts, so their next load reads the store: for
     * a process that gives the aggregates up to another (their partitions moved).
     */
    public void evictCached(Predicate<String> streamIds) {
        Objects.requireNonNull(streamIds, "streamIds must not be null");
        if (cache != null) {
            cache.evictIf(streamIds);
        }
    }

    private static UUID eventId(UUID commandId, String streamId, int index) {
        return UUID.nameUUIDFromBytes((commandId + "/" + streamId + "/" + index).getBytes(StandardCharsets.UTF_8));
    }

    private void putInCache(A aggregate) {
        if (cache != null) {
            cache.put(type.streamId(aggregate.id()), aggregate);
        }
    }

    private <S> void maybeSnapshot(SnapshotPolicy<A, S> policy, A aggregate, String streamId, long before) {
        if ((aggregate.version() + 1) / policy.every() > (before + 1) / policy.every()) {
            try {
                byte[] data = SNAPSHOT_MAPPER.writeValueAsBytes(policy.capture().apply(aggregate));
                snapshots.save(new Snapshot(streamId, aggregate.version(), data));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the snapshot of " + streamId, e);
            }
        }
    }

    private Optional<A> restoreSnapshot(String streamId) {
        return type.snapshots().flatMap(policy -> snapshots.load(streamId).map(s -> restore(policy, s)));
    }

    private <S> A restore(SnapshotPolicy<A, S> policy, Snapshot snapshot) {
        try {
            S state = SNAPSHOT_MAPPER.readValue(snapshot.data(), policy.stateClass());
            A aggregate = type.factory().get();
            policy.restore().accept(aggregate, state);
            aggregate.restored(snapshot.version());
            return aggregate;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the snapshot of " + snapshot.streamId()
                    + "; delete it and the aggregate loads from its events", e);
        }
    }
}
