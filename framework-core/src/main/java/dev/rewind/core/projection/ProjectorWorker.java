package dev.rewind.core.projection;

import dev.rewind.core.spi.CheckpointStore;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one projector from its own subscription, so a slow or failing projector holds up no other. A failing batch
 * is retried per the projector's {@link ErrorPolicy}; then its events are tried one by one so the projector stops
 * exactly at the failing event, with everything before it processed.
 */
final class ProjectorWorker implements EventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectorWorker.class);

    private final Projector projector;
    private final EventStore store;
    private final EventSerializer serializer;
    private final CheckpointStore checkpoints;
    private final Set<String> handledBaseNames;
    private final Map<String, Boolean> handledByType = new HashMap<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private volatile long position;
    private volatile ProjectionState state = ProjectionState.STOPPED;
    private volatile String lastError;
    private volatile long failedAt;
    private volatile boolean stopping;
    private Subscription subscription;
    private volatile String stableName;

    ProjectorWorker(Projector projector, EventStore store, EventSerializer serializer, CheckpointStore checkpoints,
            EventTypes types) {
        this.projector = projector;
        this.stableName = projector.name();
        this.store = store;
        this.serializer = serializer;
        this.checkpoints = projector.readModelIsDurable() ? checkpoints : CheckpointStore.inMemory();
        Set<String> names = new HashSet<>();
        for (Class<?> handled : projector.handledClasses()) {
            types.nameOf(handled).ifPresent(name -> names.add(EventTypes.baseName(name)));
        }
        this.handledBaseNames = Set.copyOf(names);
    }

    /** Serves under another projector's stable name from now on (a rebuild's replacement taking over). */
    void serveAs(String name) {
        stableName = name;
    }

    Projector projector() {
        return projector;
    }

    String stableName() {
        return stableName;
    }

    synchronized void start() {
        stopping = false;
        lastError = null;
        failedAt = 0;
        position = projector.checkpoint(checkpoints);
        projector.resumeFrom(position);
        state = position < store.headPosition() ? ProjectionState.CATCHING_UP : ProjectionState.LIVE;
        subscription = store.subscribe(position + 1, EventFilter.all(), this);
    }

    @Override
    public void onEvents(List<RecordedEvent> events) throws InterruptedException {
        List<EventEnvelope<?>> envelopes = new ArrayList<>(events.size());
        long upTo = events.get(events.size() - 1).globalPosition();
        for (RecordedEvent event : events) {
            if (handledByType.computeIfAbsent(event.type(), t -> handledBaseNames.contains(EventTypes.baseName(t)))) {
                try {
                    envelopes.add(serializer.toEnvelope(event));
                } catch (RuntimeException unreadable) {
                    // Reading is deterministic: retrying cannot help. Process what came before, then stop here.
                    projectWithRetries(envelopes, event.globalPosition() - 1);
                    throw new ProjectionFailedException(projector.name(), event.globalPosition(), event.type(),
                            unreadable);
                }
            }
        }
        projectWithRetries(envelopes, upTo);
    }

    private void projectWithRetries(List<EventEnvelope<?>> envelopes, long upTo) throws InterruptedException {
        if (upTo <= position) {
            return;
        }
        ErrorPolicy policy = projector.errorPolicy();
        for (int attempt = 0; ; attempt++) {
            try {
                projector.project(envelopes, upTo, checkpoints);
                advanced(upTo);
                return;
            } catch (RuntimeException failure) {
                if (attempt >= policy.retries() || stopping) {
                    break;
                }
                LOG.warn("Projector '{}' failed (attempt {} of {}), retrying in {}: {}", projector.name(),
                        attempt + 1, policy.retries() + 1, policy.backoff(attempt + 1), failure.toString());
                TimeUnit.MILLISECONDS.sleep(policy.backoff(attempt + 1).toMillis());
            }
        }
        for (EventEnvelope<?> envelope : envelopes) {
            try {
                projector.project(List.of(envelope), envelope.globalPosition(), checkpoints);
                advanced(envelope.globalPosition());
            } catch (RuntimeException failure) {
                throw new ProjectionFailedException(projector.name(), envelope.globalPosition(), envelope.typeName(),
                        failure);
            }
        }
        // Every event passed on its own (the failure was transient): record the rest of the batch.
        projector.project(List.of(), upTo, checkpoints);
        advanced(upTo);
    }

    private void advanced(long upTo) {
        if (state == ProjectionState.CATCHING_UP && upTo >= store.headPosition()) {
            state = ProjectionState.LIVE;
        }
        synchronized (progress) {
            position = upTo;
            progress.notifyAll();
        }
    }

    @Override
    public void onError(Throwable error) {
        failedAt = error instanceof ProjectionFailedException failed ? failed.position() : position + 1;
        lastError = error.getMessage();
        state = ProjectionState.FAILED;
        LOG.error("{}", lastError);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Records an operator's decision to pass over the failing event, then resumes after it. */
    synchronized void skip(long eventPosition, String reason) {
        if (state != ProjectionState.FAILED || failedAt != eventPosition) {
            throw new IllegalStateException("Projector '" + projector.name() + "' is " + state
                    + (state == ProjectionState.FAILED ? " at position " + failedAt : "")
                    + "; only the event a failed projector stopped at can be skipped, and it is not " + eventPosition
                    + ".");
        }
        String type = store.readAll(eventPosition, 1).get(0).type();
        String record = "position " + eventPosition + " (" + type + ") skipped by an operator: " + reason;
        skipped.add(record);
        LOG.warn("Projector '{}': {}", projector.name(), record);
        stopSubscription();
        checkpoints.save(projector.name(), eventPosition);
        start();
    }

    /** Starts a failed or stopped projector again from its checkpoint (after the cause is fixed). */
    synchronized void restart() {
        if (state == ProjectionState.CATCHING_UP || state == ProjectionState.LIVE) {
            throw new IllegalStateException("Projector '" + projector.name() + "' is running (" + state
                    + "); only a failed or stopped one can be restarted.");
        }
        stopSubscription();
        start();
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

    long position() {
        return position;
    }

    ProjectionStatus status() {
        return new ProjectionStatus(stableName, projector.name(), position, store.headPosition(), state, lastError,
                failedAt, skipped);
    }

    synchronized void stop() {
        stopSubscription();
        if (state != ProjectionState.FAILED) {
            state = ProjectionState.STOPPED;
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void stopSubscription() {
        stopping = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
