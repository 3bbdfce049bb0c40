package dev.rewind.core.projection;

import dev.rewind.core.internal.lease.LocalPartitionLeases;
import dev.rewind.core.internal.metrics.ProjectorMeters;
import dev.rewind.core.internal.projection.HeldPartitions;
import dev.rewind.core.spi.LeaseLostException;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import dev.rewind.core.internal.tracing.Tracing;
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
 *
 * <p>A durable projector joins the lease group {@code projector:<name>} and applies only the events of the partitions
 * it holds, from one subscription starting at the lowest of their checkpoints. When the held set changes, the
 * subscription is closed (its batch finishes, or fails its fence), and a new one starts for the new set.
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
    private final ProjectorMeters meters;
    private final PartitionLeases leases;
    private final boolean fenced;
    // Guards the subscription and the held set; never held while waiting for this worker's monitor.
    private final Object rebalance = new Object();
    // Held by the subscription thread through one batch, so a change of partitions waits for the batch to end.
    private final Object batch = new Object();
    private volatile HeldPartitions held;
    private volatile Membership membership;
    private volatile boolean running;
    private volatile Thread starter;
    private volatile RuntimeException startFailure;

    ProjectorWorker(Projector projector, EventStore store, EventSerializer serializer, CheckpointStore checkpoints,
            EventTypes types, PartitionLeases leases) {
        this.projector = projector;
        this.stableName = projector.name();
        this.store = store;
        this.serializer = serializer;
        this.checkpoints = projector.readModelIsDurable() ? checkpoints : CheckpointStore.inMemory();
        // A read model in memory belongs to this process alone: it takes every partition, with no lease to share.
        this.leases = projector.readModelIsDurable() ? leases : PartitionLeases.local();
        this.fenced = !(this.leases instanceof LocalPartitionLeases);
        this.held = HeldPartitions.none(projector.partitions(), projector::checkpointKey);
        Set<String> names = new HashSet<>();
        for (Class<?> handled : projector.handledClasses()) {
            types.nameOf(handled).ifPresent(name -> names.add(EventTypes.baseName(name)));
        }
        this.handledBaseNames = Set.copyOf(names);
        this.meters = ProjectorMeters.track(projector.name(), () -> position, store::headPosition);
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

    /** The lease group of this projector's partitions. */
    String group() {
        return "projector:" + projector.name();
    }

    synchronized void start() {
        stopping = false;
        lastError = null;
        failedAt = 0;
        running = true;
        if (membership != null) {
            resume(membership.held(), true);
            return;
        }
        starter = Thread.currentThread();
        startFailure = null;
        try {
            // the leases tell the held partitions at once, which starts the subscription
            membership = leases.join(group(), projector.partitions(), "", this::onHeld);
        } finally {
            starter = null;
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    /** The leases' listener: stops working on the old set before returning, then goes on with the new one. */
    private void onHeld(Set<PartitionLease> leased) {
        boolean starting = Thread.currentThread() == starter;
        try {
            resume(leased, starting);
        } catch (RuntimeException e) {
            if (starting) {
                startFailure = e;
            }
            onError(e);
        }
    }

    /** Closes the subscription (after its batch), reads the held partitions' checkpoints and subscribes for them. */
    private void resume(Set<PartitionLease> leased, boolean requested) {
        synchronized (rebalance) {
            closeSubscription();
            synchronized (batch) {
                held = HeldPartitions.none(projector.partitions(), projector::checkpointKey);
            }
            if (!running || (state == ProjectionState.FAILED && !requested)) {
                return;
            }
            Map<Integer, Long> positions = new HashMap<>();
            for (PartitionLease lease : leased) {
                positions.put(lease.partition(), projector.checkpoint(checkpoints, lease.partition()));
            }
            HeldPartitions next = new HeldPartitions(projector.partitions(), projector::checkpointKey, leased,
                    positions, fenced);
            held = next;
            stopping = false;
            if (next.isEmpty()) {
                state = ProjectionState.STANDBY;
                notifyProgress();
                return;
            }
            if (projector.partitions() > 1) {
                LOG.info("Projector '{}' processes partitions {} of {} here", projector.name(), next.partitions(),
                        projector.partitions());
            }
            position = next.lowest();
            projector.resumeFrom(position);
            state = position < store.headPosition() ? ProjectionState.CATCHING_UP : ProjectionState.LIVE;
            subscription = store.subscribe(position + 1, EventFilter.all(), this);
        }
    }

    @Override
    public void onEvents(List<RecordedEvent> events) throws InterruptedException {
        synchronized (batch) {
            HeldPartitions partitions = held;
            if (partitions.isEmpty()) {
                return;
            }
            try {
                project(events, partitions);
            } catch (LeaseLostException lost) {
                // Another process took a partition over: drop this set and go on with the one held now.
                partitions.lost();
                LOG.info("{}", lost.getMessage());
                Thread resumer = new Thread(() -> onHeld(membershipHeld()), "rewind-resume-" + projector.name());
                resumer.setDaemon(true);
                resumer.start();
            }
        }
    }

    private Set<PartitionLease> membershipHeld() {
        Membership current = membership;
        return current == null ? Set.of() : current.held();
    }

    private void project(List<RecordedEvent> events, HeldPartitions partitions) throws InterruptedException {
        List<EventEnvelope<?>> envelopes = new ArrayList<>(events.size());
        long upTo = events.get(events.size() - 1).globalPosition();
        for (RecordedEvent event : events) {
            if (!partitions.wants(event)) {
                continue;
            }
            if (handledByType.computeIfAbsent(event.type(), t -> handledBaseNames.contains(EventTypes.baseName(t)))) {
                try {
                    envelopes.add(serializer.toEnvelope(event));
                } catch (RuntimeException unreadable) {
                    // Reading is deterministic: retrying cannot help. Process what came before, then stop here.
                    projectWithRetries(envelopes, event.globalPosition() - 1, partitions);
                    throw new ProjectionFailedException(projector.name(), event.globalPosition(), event.type(),
                            unreadable);
                }
            }
        }
        projectWithRetries(envelopes, upTo, partitions);
    }

    private void projectWithRetries(List<EventEnvelope<?>> envelopes, long upTo, HeldPartitions partitions)
            throws InterruptedException {
        if (upTo <= partitions.lowest()) {
            return;
        }
        List<String> traces = new ArrayList<>();
        for (EventEnvelope<?> envelope : envelopes) {
            envelope.metadata().traceparent().ifPresent(traces::add);
        }
        if (traces.isEmpty()) {
            projectTraced(envelopes, upTo, partitions);
            return;
        }
        try (Tracing.Span span = Tracing.get().project(projector.name(), envelopes.size(), traces)) {
            try {
                projectTraced(envelopes, upTo, partitions);
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    private void projectTraced(List<EventEnvelope<?>> envelopes, long upTo, HeldPartitions partitions)
            throws InterruptedException {
        ErrorPolicy policy = projector.errorPolicy();
        for (int attempt = 0; ; attempt++) {
            try {
                projector.project(envelopes, upTo, partitions.batch(checkpoints, projector.name()));
                advanced(upTo, partitions);
                return;
            } catch (LeaseLostException lost) {
                throw lost;
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
                projector.project(List.of(envelope), envelope.globalPosition(),
                        partitions.batch(checkpoints, projector.name()));
                advanced(envelope.globalPosition(), partitions);
            } catch (LeaseLostException lost) {
                throw lost;
            } catch (RuntimeException failure) {
                throw new ProjectionFailedException(projector.name(), envelope.globalPosition(), envelope.typeName(),
                        failure);
            }
        }
        // Every event passed on its own (the failure was transient): record the rest of the batch.
        projector.project(List.of(), upTo, partitions.batch(checkpoints, projector.name()));
        advanced(upTo, partitions);
    }

    private void advanced(long upTo, HeldPartitions partitions) {
        if (state == ProjectionState.CATCHING_UP && upTo >= store.headPosition()) {
            state = ProjectionState.LIVE;
        }
        partitions.advanced(upTo);
        meters.passed(upTo - position);
        synchronized (progress) {
            position = partitions.lowest();
            progress.notifyAll();
        }
    }

    private void notifyProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    @Override
    public void onError(Throwable error) {
        failedAt = error instanceof ProjectionFailedException failed ? failed.position() : position + 1;
        lastError = error.getMessage();
        state = ProjectionState.FAILED;
        LOG.error("{}", lastError);
        notifyProgress();
    }

    /** Records an operator's decision to pass over the failing event, then resumes after it. */
    synchronized void skip(long eventPosition, String reason) {
        if (state != ProjectionState.FAILED || failedAt != eventPosition) {
            throw new IllegalStateException("Projector '" + projector.name() + "' is " + state
                    + (state == ProjectionState.FAILED ? " at position " + failedAt : "")
                    + "; only the event a failed projector stopped at can be skipped, and it is not " + eventPosition
                    + ".");
        }
        RecordedEvent event = store.readAll(eventPosition, 1).get(0);
        String record = "position " + eventPosition + " (" + event.type() + ") skipped by an operator: " + reason;
        skipped.add(record);
        LOG.warn("Projector '{}': {}", projector.name(), record);
        stopSubscription();
        checkpoints.save(projector.checkpointKey(held.partitionOf(event.streamId())), eventPosition);
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

    /** Waits until the partitions held here have processed {@code target}; true at once if none is held here. */
    boolean awaitPosition(long target, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (progress) {
            while (position < target && state != ProjectionState.FAILED && state != ProjectionState.STANDBY) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return position >= target || state == ProjectionState.STANDBY;
        }
    }

    /**
     * Waits until the partitions that other processes hold have processed {@code target} too, as the shared
     * checkpoint store says (read every 10 ms); true at once when this process holds every partition.
     */
    boolean awaitOtherPartitions(long target, long deadlineNanos) throws InterruptedException {
        if (!projector.readModelIsDurable()) {
            return true;
        }
        Set<Integer> here = held.partitions();
        for (int partition = 0; partition < projector.partitions(); partition++) {
            if (here.contains(partition)) {
                continue;
            }
            String key = projector.checkpointKey(partition);
            while (checkpoints.load(key) < target) {
                if (System.nanoTime() >= deadlineNanos) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        return true;
    }

    long position() {
        return position;
    }

    /** The partitions this process holds now. */
    Set<Integer> heldPartitions() {
        return held.partitions();
    }

    ProjectionStatus status() {
        long head = store.headPosition();
        List<PartitionStatus> partitions = PartitionStatuses.of(projector, held, membership, checkpoints,
                leases.memberId(), head);
        long at = partitions.stream().mapToLong(PartitionStatus::position).min()
                // a process standing by shows the progress of the one that holds the projector
                .orElse(state == ProjectionState.STANDBY ? checkpoints.load(projector.checkpointKey(0)) : position);
        return new ProjectionStatus(stableName, projector.name(), at, head, state, lastError, failedAt, skipped,
                partitions);
    }

    /** Stops, and leaves the lease group so that other processes take the partitions over at once. */
    synchronized void stop() {
        running = false;
        stopSubscription();
        Membership joined = membership;
        membership = null;
        if (joined != null) {
            joined.close();
        }
        if (state != ProjectionState.FAILED) {
            state = ProjectionState.STOPPED;
        }
        notifyProgress();
    }

    private void stopSubscription() {
        synchronized (rebalance) {
            closeSubscription();
        }
    }

    private void closeSubscription() {
        stopping = true;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
