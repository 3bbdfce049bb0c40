package dev.rewind.core.projection;

import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.internal.projection.ProjectorSwitches;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives projectors from the global log: each catches up from its checkpoint, then follows new events as they
 * commit (pushed, no polling), on its own subscription thread, at its own pace. A failing projector is retried per
 * its {@link ErrorPolicy}, then stops at the failing event with the position and error in its
 * {@link ProjectionStatus}; the others go on. Operators {@link #restart(String)} it after a fix or {@link #skip}
 * the event explicitly (recorded in its status), and {@link #rebuild} a projector into a fresh read model while the
 * application runs.
 *
 * <p>Processes sharing one database share the projectors whose read model is durable (JDBC projectors, process
 * managers) through {@link PartitionLeases}: each such projector joins the lease group {@code projector:<name>} with
 * its {@link Projector#partitions()} partitions, and processes only the events of the streams of the partitions it
 * holds, in order, with a checkpoint per partition. When the held partitions change, the projector finishes (or,
 * fenced out, drops) its batch and goes on with the new ones. A projector whose read model is in memory is per
 * process: it takes no lease and processes every event.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = new ProjectionRunner(store, serializer, types, checkpoints, List.of(balances))) {
 *     runner.start();
 *     runner.awaitPosition(result.position(), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final EventStore store;
    private final EventSerializer serializer;
    private final EventTypes types;
    private final CheckpointStore checkpoints;
    private final Map<String, ProjectorWorker> workers = new LinkedHashMap<>();
    private final Map<String, Rebuild> rebuilds = new LinkedHashMap<>();
    private final Function<Class<? extends Projector>, ? extends Projector> instantiator;
    private final PartitionLeases leases;
    private boolean started;

    /**
     * A runner for the given projectors, which cannot create projectors itself: a stable name that a
     * {@link #rebuild} switched over to a replacement is served by the replacement after a restart only if it is
     * among {@code projectors}.
     *
     * @throws IllegalArgumentException if two projectors share a name or a table
     */
    public ProjectionRunner(EventStore store, EventSerializer serializer, EventTypes types,
            CheckpointStore checkpoints, List<? extends Projector> projectors) {
        this(store, serializer, types, checkpoints, projectors, null);
    }

    /**
     * A runner for the given projectors that creates, with {@code instantiator}, the replacement that a
     * {@link #rebuild} switched a stable name over to, when a restart finds it is not among {@code projectors}.
     *
     * @param instantiator makes a projector of a class (the runtime passes Guice's or its own); null for none
     * @throws IllegalArgumentException if two projectors share a name or a table
     */
    public ProjectionRunner(EventStore store, EventSerializer serializer, EventTypes types,
            CheckpointStore checkpoints, List<? extends Projector> projectors,
            Function<Class<? extends Projector>, ? extends Projector> instantiator) {
        this(store, serializer, types, checkpoints, projectors, instantiator, PartitionLeases.local());
    }

    /**
     * A runner sharing its durable projectors' partitions with other processes through {@code leases} (see the class
     * comment); with {@link PartitionLeases#local()} this process holds them all.
     *
     * @param instantiator makes a projector of a class (the runtime passes Guice's or its own); null for none
     * @param leases the leases of the processes sharing the database; the runner leaves its groups when it closes
     * @throws IllegalArgumentException if two projectors share a name or a table
     */
    public ProjectionRunner(EventStore store, EventSerializer serializer, EventTypes types,
            CheckpointStore checkpoints, List<? extends Projector> projectors,
            Function<Class<? extends Projector>, ? extends Projector> instantiator, PartitionLeases leases) {
        this.leases = Objects.requireNonNull(leases, "leases must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        this.types = Objects.requireNonNull(types, "types must not be null");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints must not be null");
        this.instantiator = instantiator;
        for (Projector projector : projectors) {
            if (workers.containsKey(projector.name())) {
                throw new IllegalArgumentException("Two projectors are named '" + projector.name()
                        + "'; names key checkpoints, so each must be unique.");
            }
            refuseSharedTables(projector, workers.values());
            workers.put(projector.name(), worker(projector));
        }
    }

    private static void refuseSharedTables(Projector projector, Iterable<ProjectorWorker> running) {
        for (ProjectorWorker other : running) {
            for (String table : projector.ownedTables()) {
                if (other.projector().ownedTables().contains(table)) {
                    throw new IllegalArgumentException("Projectors '" + projector.name() + "' and '"
                            + other.projector().name() + "' both write table '" + table + "'; a table belongs to"
                            + " one projector (a rebuild's replacement needs tables of its own, such as '" + table
                            + "_v2').");
                }
            }
        }
    }

    private ProjectorWorker worker(Projector projector) {
        return new ProjectorWorker(projector, store, serializer, checkpoints, types, leases);
    }

    /** Starts every projector from its checkpoint. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("This projection runner is started already.");
        }
        started = true;
        serveSwitchedNames();
        workers.values().forEach(ProjectorWorker::start);
    }

    /** Serves each stable name that a rebuild switched over by its replacement, as recorded in the store. */
    private void serveSwitchedNames() {
        Map<String, ProjectorSwitches.Switch> switches = ProjectorSwitches.current(store);
        for (String name : List.copyOf(workers.keySet())) {
            ProjectorSwitches.Switch switched = switches.get(name);
            if (switched == null || switched.servedBy().equals(workers.get(name).projector().name())) {
                continue;
            }
            ProjectorWorker replacement = workers.remove(switched.servedBy());
            if (replacement == null) {
                replacement = worker(replacementFor(switched, workers.get(name).projector()));
            }
            replacement.serveAs(name);
            workers.put(name, replacement);
            LOG.info("Projector '{}' is served by '{}', which a rebuild switched it over to", name,
                    switched.servedBy());
        }
    }

    private Projector replacementFor(ProjectorSwitches.Switch switched, Projector registered) {
        String register = " Register the replacement beside '" + switched.name() + "' (it then serves that name),"
                + " or rebuild '" + switched.name() + "' again.";
        if (instantiator == null) {
            throw new IllegalStateException("Projector '" + switched.name() + "' was switched over by a rebuild to '"
                    + switched.servedBy() + "' (" + switched.projectorClass() + "), which this runner cannot create."
                    + register);
        }
        Projector made;
        try {
            Class<?> type = Class.forName(switched.projectorClass(), true, registered.getClass().getClassLoader());
            made = instantiator.apply(type.asSubclass(Projector.class));
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("Projector '" + switched.name() + "' was switched over by a rebuild to '"
                    + switched.servedBy() + "', but its class " + switched.projectorClass() + " is not a projector"
                    + " on the class path." + register, e);
        }
        if (!made.name().equals(switched.servedBy())) {
            throw new IllegalStateException("Projector '" + switched.name() + "' was switched over by a rebuild to '"
                    + switched.servedBy() + "', but a new " + switched.projectorClass() + " is named '" + made.name()
                    + "'." + register);
        }
        refuseSharedTables(made, workers.values().stream().filter(w -> !w.stableName().equals(switched.name()))
                .toList());
        return made;
    }

    /** The status of every projector, in registration order. */
    public synchronized List<ProjectionStatus> status() {
        List<ProjectionStatus> result = new ArrayList<>();
        workers.values().forEach(worker -> result.add(worker.status()));
        return result;
    }

    /**
     * The status of one projector.
     *
     * @throws IllegalArgumentException if no projector has this name
     */
    public synchronized ProjectionStatus status(String name) {
        return workerNamed(name).status();
    }

    /**
     * Waits until every projector has processed {@code position} (or failed), at most {@code timeout}. A partitioned
     * projector counts every partition: those this process holds as they advance, those other processes hold as the
     * shared checkpoint store says (read every 10 ms), so a query after this sees the read model shared by them all.
     *
     * @return true if all reached it in time
     */
    public boolean awaitPosition(long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProjectorWorker> current;
        synchronized (this) {
            current = List.copyOf(workers.values());
        }
        try {
            for (ProjectorWorker worker : current) {
                if (!worker.awaitPosition(position, deadline - System.nanoTime())
                        || !worker.awaitOtherPartitions(position, deadline)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Passes over the event a failed projector stopped at, recording who decided and why in its status, then resumes
     * after it. This is the only way an event is ever skipped.
     *
     * @throws IllegalStateException if the projector is not failed at exactly that position
     */
    public synchronized void skip(String name, long position, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Skipping an event needs a reason; it is recorded in the status.");
        }
        workerNamed(name).skip(position, reason);
    }

    /**
     * Restarts a failed or stopped projector from its checkpoint, for example after the bug that stopped it is fixed.
     *
     * @throws IllegalStateException if it is running
     */
    public synchronized void restart(String name) {
        workerNamed(name).restart();
    }

    /**
     * The projector serving a stable name: the registered one, or after a {@link #rebuild} its replacement. Ask for it
     * here rather than keeping the registered instance, so queries follow a switch-over.
     *
     * @throws IllegalArgumentException if no projector has this name, or it is not of that type
     */
    public synchronized <P extends Projector> P projector(String name, Class<P> type) {
        Projector serving = workerNamed(name).projector();
        if (!type.isInstance(serving)) {
            throw new IllegalArgumentException("Projector '" + name + "' is served by a "
                    + serving.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(serving);
    }

    /**
     * Rebuilds a projector blue/green: {@code replacement} (a fresh projector with its own name, which keys its
     * checkpoint and read model) replays the global log from the start while the current one keeps serving; once it
     * has caught up with the head it takes over the stable name {@code name}: {@link #status(String)},
     * {@link #projector(String, Class)} and {@link #awaitPosition} answer through it, and the current one stops.
     * The switch-over is recorded in the event store (stream {@code rewind.projections}), so the next start serves
     * {@code name} by the replacement again: the one registered beside the old projector, or one this runner's
     * instantiator creates from the replacement's class. The replacement must not write a table the projectors
     * running now write.
     *
     * <p>A partitioned projector is rebuilt by the process that holds all of its partitions, into a replacement
     * partitioned alike: the replacement's group ({@code projector:<replacement>}) has this process as its only
     * member while it replays. Other processes running the old projector keep serving it from the old read model
     * until they restart; at their start they read the switch-over and join the replacement's group, sharing its
     * partitions from their checkpoints.
     *
     * @return the rebuild, for its progress and the moment it switches over
     * @throws IllegalArgumentException if the names or tables clash or no projector is named {@code name}, or the
     *     replacement has another number of partitions
     * @throws IllegalStateException if a rebuild of {@code name} is running already, or this process does not hold
     *     every partition of a partitioned projector
     */
    public synchronized Rebuild rebuild(String name, Projector replacement) {
        refusePartialRebuild(workerNamed(name), replacement);
        if (rebuilds.containsKey(name)) {
            throw new IllegalStateException("'" + name + "' is being rebuilt already (by '"
                    + rebuilds.get(name).progress().projector() + "'); wait for it to switch over or fail.");
        }
        if (workers.containsKey(replacement.name()) || servedBy(replacement.name())) {
            throw new IllegalArgumentException("The replacement of '" + name + "' needs a name of its own (for its"
                    + " checkpoint and read model), not '" + replacement.name() + "'.");
        }
        List<ProjectorWorker> running = new ArrayList<>(workers.values());
        rebuilds.values().forEach(other -> running.add(other.replacement()));
        refuseSharedTables(replacement, running);
        replacement.startOver(checkpoints);
        ProjectorWorker fresh = worker(replacement);
        Rebuild rebuild = new Rebuild(name, fresh, store, this::switchOver);
        rebuilds.put(name, rebuild);
        rebuild.switched().whenComplete((status, failure) -> {
            if (failure != null) {
                forget(name, rebuild);
            }
        });
        fresh.start();
        rebuild.watch();
        return rebuild;
    }

    private static void refusePartialRebuild(ProjectorWorker current, Projector replacement) {
        int partitions = current.projector().partitions();
        if (replacement.partitions() != partitions) {
            throw new IllegalArgumentException("'" + current.stableName() + "' has " + partitions + " partitions and"
                    + " its replacement '" + replacement.name() + "' " + replacement.partitions() + "; declare the"
                    + " replacement with partitioned(" + partitions + ").");
        }
        if (partitions > 1 && current.heldPartitions().size() < partitions) {
            throw new IllegalStateException("'" + current.stableName() + "' has " + partitions + " partitions and"
                    + " this process holds " + current.heldPartitions() + "; a partitioned projector is rebuilt by"
                    + " the process holding all of them. Stop the other processes running it (their partitions move"
                    + " here within the lease time), then rebuild again.");
        }
    }

    private synchronized void forget(String name, Rebuild rebuild) {
        rebuilds.remove(name, rebuild);
    }

    private boolean servedBy(String projectorName) {
        return workers.values().stream().anyMatch(worker -> worker.projector().name().equals(projectorName));
    }

    private synchronized void switchOver(String name, ProjectorWorker replacement) {
        try {
            ProjectorSwitches.record(store, new ProjectorSwitches.Switch(name, replacement.projector().name(),
                    replacement.projector().getClass().getName()));
        } catch (RuntimeException e) {
            rebuilds.remove(name);
            replacement.stop();
            throw new IllegalStateException("The rebuild of '" + name + "' caught up, but the switch-over could not"
                    + " be recorded in the event store (" + e.getMessage() + "); the current projector keeps serving."
                    + " Rebuild it again once the store accepts appends.", e);
        }
        ProjectorWorker old = workers.get(name);
        replacement.serveAs(name);
        // the stable name keeps its place in the order, now served by the replacement
        workers.put(name, replacement);
        rebuilds.remove(name);
        if (old != null) {
            old.stop();
        }
    }

    private ProjectorWorker workerNamed(String name) {
        ProjectorWorker worker = workers.get(name);
        if (worker == null) {
            throw new IllegalArgumentException("No projector is named '" + name + "'; known: " + workers.keySet());
        }
        return worker;
    }

    /** Stops every projector and rebuild. */
    @Override
    public synchronized void close() {
        rebuilds.values().forEach(Rebuild::cancel);
        workers.values().forEach(ProjectorWorker::stop);
    }
}
