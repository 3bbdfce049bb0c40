package dev.rewind.core.projection;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Drives one projector from its own subscription, so a slow or failing projector holds up no other. */
final class ProjectorWorker implements EventListener {

    private final Projector projector;
    private final EventStore store;
    private final EventSerializer serializer;
    private final CheckpointStore checkpoints;
    private final Set<String> handledBaseNames;
    private final Map<String, Boolean> handledByType = new HashMap<>();
    private final Object progress = new Object();
    private volatile long position;
    private volatile ProjectionState state = ProjectionState.STOPPED;
    private volatile String lastError;
    private Subscription subscription;

    ProjectorWorker(Projector projector, EventStore store, EventSerializer serializer, CheckpointStore checkpoints,
            Set<String> handledBaseNames) {
        this.projector = projector;
        this.store = store;
        this.serializer = serializer;
        this.checkpoints = checkpoints;
        this.handledBaseNames = handledBaseNames;
    }

    static Set<String> baseNamesOf(Projector projector, EventTypes types) {
        Set<String> names = new java.util.HashSet<>();
        for (Class<?> handled : projector.handledClasses()) {
            types.nameOf(handled).ifPresent(name -> names.add(EventTypes.baseName(name)));
        }
        return Set.copyOf(names);
    }

    void start() {
        position = projector.checkpoint(checkpoints);
        state = position < store.headPosition() ? ProjectionState.CATCHING_UP : ProjectionState.LIVE;
        subscription = store.subscribe(position + 1, EventFilter.all(), this);
    }

    @Override
    public void onEvents(List<RecordedEvent> events) {
        List<EventEnvelope<?>> envelopes = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            if (handledByType.computeIfAbsent(event.type(), t -> handledBaseNames.contains(EventTypes.baseName(t)))) {
                envelopes.add(serializer.toEnvelope(event));
            }
        }
        long upTo = events.get(events.size() - 1).globalPosition();
        try {
            projector.project(envelopes, upTo, checkpoints);
        } catch (RuntimeException e) {
            RecordedEvent failing = events.get(0);
            throw new IllegalStateException("Projector '" + projector.name() + "' failed in the batch starting at"
                    + " position " + failing.globalPosition() + " (" + failing.type() + "): " + e, e);
        }
        synchronized (progress) {
            position = upTo;
            progress.notifyAll();
        }
        if (state == ProjectionState.CATCHING_UP && upTo >= store.headPosition()) {
            state = ProjectionState.LIVE;
        }
    }

    @Override
    public void onError(Throwable error) {
        lastError = error.getMessage();
        state = ProjectionState.FAILED;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    boolean awaitPosition(long target, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (progress) {
            while (position < target && state != ProjectionState.FAILED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return position >= target;
        }
    }

    ProjectionStatus status() {
        return new ProjectionStatus(projector.name(), position, store.headPosition(), state, lastError);
    }

    void stop() {
        if (subscription != null) {
            subscription.close();
        }
        if (state != ProjectionState.FAILED) {
            state = ProjectionState.STOPPED;
        }
    }
}
