package dev.rewind.core.internal.process;

import dev.rewind.core.process.DeadlineScheduler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.core.internal.lease.LocalPartitionLeases;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.SerializedEvent;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable deadlines kept in the event store itself. Each deadline is a stream {@code deadline-<key>}: its first event
 * records the schedule (type {@value #SCHEDULED}); when due, the scheduled event is appended as its second event;
 * a cancellation appends {@value #CANCELLED} instead. Both use expected version 0, so a deadline fires or is
 * cancelled exactly once, and event ids derived from the key make every step idempotent.
 *
 * <p>A ledger stream, {@value #LEDGER}, names the deadline streams: a {@value #LEDGER_PENDING} entry is appended
 * with each schedule, and a {@value #LEDGER_ENDED} entry once a deadline has fired or been cancelled. On
 * {@link #start()} only the ledger and the deadline streams it lists as pending are read, never the log, and the
 * pending deadlines are re-armed; those that fell due during a restart fire at once. A listed deadline that turns out
 * to have ended (the application stopped before the ledger noted it) is noted then.
 *
 * <p>A store written before the ledger existed has no {@value #LEDGER_OPENED} entry: its first start searches the
 * log once for pending deadlines (deadline streams only), lists them and opens the ledger; later starts read the
 * ledger only. An empty store needs no search.
 *
 * <p>Firing is the job of one process: the holder of the lease group {@value #GROUP} (one partition). Every process
 * records what it schedules; the holder arms everything pending when it takes the lease (reading the ledger as a
 * start does) and, when the leases are shared with other processes, follows the ledger for what any process
 * schedules or cancels later. A deadline due while the lease moves fires once: firing appends with expected version 0.
 */
public final class StoreDeadlines implements DeadlineScheduler {

    /** The stream category of deadlines. */
    public static final String CATEGORY = "deadline";
    /** The type name of a schedule record. */
    public static final String SCHEDULED = "rewind.DeadlineScheduled.v1";
    /** The type name of a cancellation record. */
    public static final String CANCELLED = "rewind.DeadlineCancelled.v1";
    /** The ledger stream; its category is not {@value #CATEGORY}, so no deadline key can collide with it. */
    public static final String LEDGER = "rewind.deadlines";
    /** The type name of the ledger entry saying that every deadline since is listed. */
    public static final String LEDGER_OPENED = "rewind.DeadlineLedgerOpened.v1";
    /** The type name of the ledger entry listing a scheduled deadline. */
    public static final String LEDGER_PENDING = "rewind.DeadlinePending.v1";
    /** The type name of the ledger entry saying that a deadline fired or was cancelled. */
    public static final String LEDGER_ENDED = "rewind.DeadlineEnded.v1";

    /** The lease group whose holder fires the deadlines. */
    public static final String GROUP = "deadlines";

    private static final Logger LOG = LoggerFactory.getLogger(StoreDeadlines.class);
    private static final long FOLLOW_MILLIS = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventStore store;
    private final DeadlineLedger ledger;
    private final EventSerializer serializer;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> armed = new HashMap<>();
    private final PartitionLeases leases;
    private final boolean shared;
    // keys the ledger lists whose schedule was not readable yet (another process is committing it)
    private final Set<String> awaiting = new LinkedHashSet<>();
    private volatile boolean holding;
    private Membership membership;
    private ScheduledFuture<?> following;
    private long ledgerVersion;

    /** The schedule record, stored as JSON. */
    public record Scheduled(String key, long dueAtMillis, String type, byte[] data) {
    }

    /** Deadlines on a store of this process only, firing on a daemon timer thread. */
    public StoreDeadlines(EventStore store, EventSerializer serializer, Clock clock) {
        this(store, serializer, clock, PartitionLeases.local());
    }

    /** Deadlines on a store shared through {@code leases}: only the holder of {@value #GROUP} fires them. */
    public StoreDeadlines(EventStore store, EventSerializer serializer, Clock clock, PartitionLeases leases) {
        this.leases = leases;
        this.shared = !(leases instanceof LocalPartitionLeases);
        this.store = store;
        this.ledger = new DeadlineLedger(store);
        this.serializer = serializer;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rewind-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Joins the lease group {@value #GROUP}; holding it (at once, in a single process), re-arms every pending
     * deadline, reading the ledger and the deadline streams it lists as pending.
     */
    public void start() {
        Membership joined = leases.join(GROUP, 1, "", this::onHeld);
        synchronized (this) {
            membership = joined;
        }
    }

    /** The leases' listener: the holder arms and follows; a process that lost the lease disarms everything. */
    private void onHeld(Set<PartitionLease> held) {
        if (held.isEmpty()) {
            if (holding) {
                holding = false;
                synchronized (this) {
                    if (following != null) {
                        following.cancel(false);
                        following = null;
                    }
                    armed.values().forEach(future -> future.cancel(false));
                    armed.clear();
                    awaiting.clear();
                }
                LOG.info("Deadlines: another process fires them now");
            }
            return;
        }
        if (holding) {
            return;
        }
        holding = true;
        try {
            armPending();
        } catch (RuntimeException e) {
            LOG.warn("Deadlines: could not re-arm the pending deadlines ({}); retrying while following the ledger",
                    e.toString());
        }
        if (shared) {
            synchronized (this) {
                if (!timer.isShutdown()) {
                    following = timer.scheduleWithFixedDelay(this::follow, FOLLOW_MILLIS, FOLLOW_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void armPending() {
        int pending = 0;
        DeadlineLedger.Listing listing = ledger.listing();
        synchronized (this) {
            ledgerVersion = listing.nextVersion();
        }
        for (String key : listing.pending()) {
            if (armStored(key)) {
                pending++;
            }
        }
        LOG.info("Deadlines: {} pending re-armed", pending);
    }

    /** Arms a listed deadline from its stream; true if it is pending. */
    private boolean armStored(String key) {
        List<RecordedEvent> stream = store.readStream(streamOf(key), 0, 2);
        if (stream.size() == 1 && stream.get(0).type().equals(SCHEDULED)) {
            arm(read(stream.get(0).data()));
            return true;
        } else if (stream.size() > 1) {
            ledger.noteEnded(key);
        } else if (shared) {
            // listed, but its schedule is not visible yet (or the application stopped between the two): look again
            synchronized (this) {
                awaiting.add(key);
            }
        }
        // An empty stream: the application stopped between the ledger entry and the schedule. The trigger had not
        // been checkpointed, so it is delivered again and schedules the deadline then.
        return false;
    }

    /** Arms what other processes scheduled since the last look at the ledger, and disarms what they cancelled. */
    private void follow() {
        try {
            long from;
            List<String> retry;
            synchronized (this) {
                from = ledgerVersion;
                retry = List.copyOf(awaiting);
                awaiting.clear();
            }
            retry.forEach(this::armStored);
            long next = ledger.follow(from, (type, key) -> {
                if (type.equals(LEDGER_PENDING)) {
                    armStored(key);
                } else {
                    disarm(key);
                }
            });
            synchronized (this) {
                ledgerVersion = next;
            }
        } catch (RuntimeException e) {
            LOG.warn("Deadlines: could not follow the ledger now ({}); trying again", e.toString());
        }
    }

    @Override
    public void schedule(String key, Instant dueAt, Object event, Metadata metadata) {
        SerializedEvent serialized = serializer.serialize(event);
        Scheduled scheduled = new Scheduled(key, dueAt.toEpochMilli(), serialized.type(), serialized.data());
        NewEvent record;
        try {
            record = new NewEvent(idOf("scheduled", key), SCHEDULED, JSON.writeValueAsBytes(scheduled), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write deadline " + key, e);
        }
        // One call, so a store that can commits both in one transaction. If either fails, so does the reaction, and
        // its trigger is delivered again: no deadline stays stored without its ledger entry.
        for (CompletableFuture<AppendResult> outcome : store.appendEach(List.of(
                new StreamAppend(LEDGER, ExpectedVersion.any(), List.of(ledger.pendingEntry(key))),
                new StreamAppend(streamOf(key), ExpectedVersion.any(), List.of(record))))) {
            try {
                outcome.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (holding || !shared) {
            arm(scheduled);
        }
    }

    @Override
    public void cancel(String key) {
        disarm(key);
        try {
            store.append(streamOf(key), ExpectedVersion.exactly(0), List.of(new NewEvent(idOf("cancelled", key),
                    CANCELLED, "{}".getBytes(StandardCharsets.UTF_8), Metadata.empty())));
            ledger.noteEnded(key);
        } catch (WrongExpectedVersionException alreadyDone) {
            LOG.debug("Deadline {} was already fired, cancelled or never scheduled", key);
        }
    }

    private synchronized void arm(Scheduled scheduled) {
        if (timer.isShutdown() || armed.containsKey(scheduled.key()) || (shared && !holding)) {
            return;
        }
        long delay = Math.max(0, scheduled.dueAtMillis() - clock.millis());
        armed.put(scheduled.key(), timer.schedule(() -> fire(scheduled), delay, TimeUnit.MILLISECONDS));
    }

    private synchronized void disarm(String key) {
        ScheduledFuture<?> future = armed.remove(key);
        if (future != null) {
            future.cancel(false);
        }
    }

    private void fire(Scheduled scheduled) {
        synchronized (this) {
            armed.remove(scheduled.key());
        }
        try {
            store.append(streamOf(scheduled.key()), ExpectedVersion.exactly(0), List.of(new NewEvent(
                    idOf("fired", scheduled.key()), scheduled.type(), scheduled.data(), Metadata.empty())));
            ledger.noteEnded(scheduled.key());
        } catch (WrongExpectedVersionException alreadyDone) {
            LOG.debug("Deadline {} was cancelled or fired already", scheduled.key());
        } catch (RuntimeException e) {
            LOG.warn("Deadline {} could not fire now ({}); it fires at the next start", scheduled.key(),
                    e.toString());
        }
    }

    private static String streamOf(String key) {
        return CATEGORY + "-" + key;
    }

    private static UUID idOf(String step, String key) {
        return UUID.nameUUIDFromBytes((step + "/" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static Scheduled read(byte[] data) {
        try {
            return JSON.readValue(data, Scheduled.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A deadline record cannot be read", e);
        }
    }

    /** Leaves the lease group (another process fires from now on), then stops the timer. */
    @Override
    public void close() {
        Membership joined;
        synchronized (this) {
            joined = membership;
            membership = null;
        }
        if (joined != null) {
            joined.close();
        }
        timer.shutdownNow();
    }
}
