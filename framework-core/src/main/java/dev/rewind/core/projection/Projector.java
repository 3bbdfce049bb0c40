package dev.rewind.core.projection;

import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.event.EventEnvelope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A read-side component that turns events into a read model. Subclasses register one handler per event class in
 * their constructor; events of other classes are ignored (and counted). Its stable {@link #name()} keys its
 * checkpoint, so renaming a projector replays it.
 *
 * <pre>{@code
 * public final class BalancesProjector extends Projector {
 *     private final Map<String, Long> balances = new ConcurrentHashMap<>();
 *
 *     public BalancesProjector() {
 *         super("balances");
 *         on(AccountOpened.class, e -> balances.put(e.accountId().value(), 0L));
 *         on(MoneyDeposited.class, e -> balances.put(e.accountId().value(), e.newBalance()));
 *     }
 * }
 * }</pre>
 *
 * <p>A projector is driven by one thread at a time (its {@link ProjectionRunner} subscription).
 */
public abstract class Projector {

    private final String name;
    private final Map<Class<?>, Consumer<EventEnvelope<?>>> handlers = new HashMap<>();
    private long ignored;
    private long handledUpTo;
    private int partitions = 1;

    /**
     * Creates a projector with a stable name.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    protected Projector(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A projector needs a stable, non-blank name; it keys its checkpoint.");
        }
        this.name = name;
    }

    /** The stable name that keys this projector's checkpoint. */
    public final String name() {
        return name;
    }

    /**
     * Splits this projector's work into {@code count} partitions by stream id
     * ({@link dev.rewind.core.spi.PartitionLeases#partitionOf PartitionLeases.partitionOf(streamId, count)}), so that
     * several processes sharing one database share its events: each partition is processed by the one process holding
     * its lease ({@code projector:<name>}), in the order of its streams, with a checkpoint of its own. Call it in the
     * constructor; the default is 1 (the projector's checkpoint keeps its plain name). Every process must give the
     * same number, and changing it means starting every process anew with an empty read model (a rebuild). A read
     * model in memory is kept per process: such a projector takes no lease and processes every partition.
     *
     * <pre>{@code
     * super("balances", dataSource);
     * partitioned(4);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    protected final void partitioned(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Projector '" + name + "' needs at least one partition, not " + count
                    + "; call partitioned(n) with n >= 1, or leave it out for one.");
        }
        this.partitions = count;
    }

    /** How many partitions this projector's events are split into (1 unless it called {@link #partitioned}). */
    public final int partitions() {
        return partitions;
    }

    /**
     * The key of one partition's checkpoint: the plain {@link #name()} for a projector of one partition, else
     * {@code <name>#<partition>}.
     */
    public final String checkpointKey(int partition) {
        return partitions == 1 ? name : name + "#" + partition;
    }

    /** Registers the handler of one event class. */
    protected final <E> void on(Class<E> eventClass, Consumer<? super E> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        register(eventClass, envelope -> handler.accept(eventClass.cast(envelope.event())));
    }

    /** Registers the handler of one event class that also wants the envelope (position, stream, metadata). */
    @SuppressWarnings("unchecked")
    protected final <E> void on(Class<E> eventClass, BiConsumer<? super E, EventEnvelope<E>> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        register(eventClass,
                envelope -> handler.accept(eventClass.cast(envelope.event()), (EventEnvelope<E>) envelope));
    }

    /**
     * Registers a raw envelope handler; for subclasses that build their own registration style (the JDBC projector).
     *
     * @throws IllegalStateException if the class has a handler already
     */
    protected final void register(Class<?> eventClass, Consumer<EventEnvelope<?>> handler) {
        Objects.requireNonNull(eventClass, "eventClass must not be null");
        if (handlers.putIfAbsent(eventClass, handler) != null) {
            throw new IllegalStateException("Projector '" + name + "' registers " + eventClass.getSimpleName()
                    + " twice; keep one handler per event class.");
        }
    }

    /** The event classes this projector handles. */
    public final Set<Class<?>> handledClasses() {
        return Set.copyOf(handlers.keySet());
    }

    /** Applies one event: its handler, or nothing (counted in {@link #ignoredCount()}) if it has none. */
    public final void handle(EventEnvelope<?> envelope) {
        Consumer<EventEnvelope<?>> handler = handlers.get(envelope.event().getClass());
        if (handler == null) {
            ignored++;
        } else {
            handler.accept(envelope);
        }
    }

    /** How many events reached this projector without a handler. */
    public final long ignoredCount() {
        return ignored;
    }

    /**
     * Applies a batch of events and records {@code upToPosition} as processed. The default applies each event, then
     * saves the checkpoint under {@link #name()} (at-least-once: after a crash between the two, the batch is applied
     * again; handlers can deduplicate on {@link EventEnvelope#globalPosition()}). For a partitioned projector the
     * store given here records that save for every partition the batch advances, and refuses it if this process lost
     * one of their leases meanwhile. Projectors whose read model can share a transaction with the checkpoint override
     * this to make it exactly-once.
     */
    public void project(List<EventEnvelope<?>> events, long upToPosition, CheckpointStore checkpoints) {
        for (EventEnvelope<?> envelope : events) {
            // After a failure the batch is retried: events handled before it are not handled twice.
            if (envelope.globalPosition() > handledUpTo) {
                handle(envelope);
                handledUpTo = envelope.globalPosition();
            }
        }
        checkpoints.save(name, upToPosition);
        handledUpTo = upToPosition;
    }

    /**
     * Whether this projector's read model outlives the process. The default, false, is right for a read model held in
     * memory: its checkpoint is then kept in memory too, so every start replays it from the first event, and it can
     * never sit empty behind a durable checkpoint. Return true only when {@link #project} writes the read model
     * somewhere durable; the runner then keeps the checkpoint in its configured {@code CheckpointStore} and resumes
     * from it. JDBC projectors and process managers are durable.
     */
    protected boolean readModelIsDurable() {
        return false;
    }

    /**
     * The database tables this projector's read model writes, lower case; none for a read model in memory. Two
     * projectors that run at once must not share one, so the runner refuses such a pair (a rebuild's replacement
     * included).
     */
    public List<String> ownedTables() {
        return List.of();
    }

    /**
     * Makes this projector start from the first event, for a rebuild's replacement: the default sets its checkpoint
     * to 0. A projector whose read model is durable also empties it, in the same transaction.
     */
    protected void startOver(CheckpointStore checkpoints) {
        for (int p = 0; p < partitions; p++) {
            checkpoints.save(checkpointKey(p), 0);
        }
    }

    /** How to react when handling fails; override to change it. */
    public ErrorPolicy errorPolicy() {
        return ErrorPolicy.DEFAULT;
    }

    final void resumeFrom(long position) {
        handledUpTo = position;
    }

    /** The position of the last event this projector has processed, per its checkpoint store (partition 0's). */
    public long checkpoint(CheckpointStore checkpoints) {
        return checkpoints.load(name);
    }

    /**
     * The position of the last event of one partition this projector has processed. The default reads
     * {@link #checkpointKey(int)} from the store ({@link #checkpoint(CheckpointStore)} for a single partition).
     */
    public long checkpoint(CheckpointStore checkpoints, int partition) {
        return partitions == 1 ? checkpoint(checkpoints) : checkpoints.load(checkpointKey(partition));
    }
}
