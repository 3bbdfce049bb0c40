package dev.rewind.core.projection;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Drives projectors from the global log: each catches up from its checkpoint, then follows new events as they
 * commit (pushed, no polling), on its own subscription thread, at its own pace. A projector whose handler throws
 * stops at that batch, with the position and error in its {@link ProjectionStatus}; the others go on.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = new ProjectionRunner(store, serializer, types, checkpoints, List.of(balances))) {
 *     runner.start();
 *     runner.awaitPosition(result.position(), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class ProjectionRunner implements AutoCloseable {

    private final Map<String, ProjectorWorker> workers = new LinkedHashMap<>();
    private boolean started;

    /**
     * A runner for the given projectors.
     *
     * @throws IllegalArgumentException if two projectors share a name
     */
    public ProjectionRunner(EventStore store, EventSerializer serializer, EventTypes types,
            CheckpointStore checkpoints, List<? extends Projector> projectors) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(serializer, "serializer must not be null");
        Objects.requireNonNull(checkpoints, "checkpoints must not be null");
        Set<String> names = new HashSet<>();
        for (Projector projector : projectors) {
            if (!names.add(projector.name())) {
                throw new IllegalArgumentException("Two projectors are named '" + projector.name()
                        + "'; names key checkpoints, so each must be unique.");
            }
            workers.put(projector.name(), new ProjectorWorker(projector, store, serializer, checkpoints,
                    ProjectorWorker.baseNamesOf(projector, types)));
        }
    }

    /** Starts every projector from its checkpoint. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("This projection runner is started already.");
        }
        started = true;
        workers.values().forEach(ProjectorWorker::start);
    }

    /** The status of every projector, in registration order. */
    public List<ProjectionStatus> status() {
        List<ProjectionStatus> result = new ArrayList<>();
        workers.values().forEach(worker -> result.add(worker.status()));
        return result;
    }

    /**
     * Waits until every projector has processed {@code position} (or failed), at most {@code timeout}.
     *
     * @return true if all reached it in time
     */
    public boolean awaitPosition(long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (ProjectorWorker worker : workers.values()) {
                if (!worker.awaitPosition(position, deadline - System.nanoTime())) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops every projector. */
    @Override
    public synchronized void close() {
        workers.values().forEach(ProjectorWorker::stop);
    }
}
