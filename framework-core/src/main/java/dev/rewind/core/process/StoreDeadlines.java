package dev.rewind.core.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.SerializedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * cancelled exactly once, and event ids derived from the key make every step idempotent. On {@link #start()}, the
 * deadline streams are read back and pending deadlines are re-armed; those that fell due during a restart fire
 * at once.
 */
public final class StoreDeadlines implements DeadlineScheduler {

    /** The stream category of deadlines. */
    public static final String CATEGORY = "deadline";
    /** The type name of a schedule record. */
    public static final String SCHEDULED = "rewind.DeadlineScheduled.v1";
    /** The type name of a cancellation record. */
    public static final String CANCELLED = "rewind.DeadlineCancelled.v1";

    private static final Logger LOG = LoggerFactory.getLogger(StoreDeadlines.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventStore store;
    private final EventSerializer serializer;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> armed = new HashMap<>();

    /** The schedule record, stored as JSON. */
    record Scheduled(String key, long dueAtMillis, String type, byte[] data) {
    }

    /** Deadlines on a store, firing on a daemon timer thread. */
    public StoreDeadlines(EventStore store, EventSerializer serializer, Clock clock) {
        this.store = store;
        this.serializer = serializer;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rewind-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Re-arms every pending deadline found in the store. */
    public void start() {
        Map<String, Scheduled> pending = new HashMap<>();
        long next = 1;
        while (true) {
            List<RecordedEvent> batch = store.readAll(next, 10_000, EventFilter.categories(CATEGORY));
            for (RecordedEvent event : batch) {
                String key = event.streamId().substring(CATEGORY.length() + 1);
                if (event.type().equals(SCHEDULED) && event.streamVersion() == 0) {
                    pending.put(key, read(event.data()));
                } else {
                    pending.remove(key);
                }
            }
            if (batch.size() < 10_000) {
                break;
            }
            next = batch.get(batch.size() - 1).globalPosition() + 1;
        }
        pending.values().forEach(this::arm);
        LOG.info("Deadlines: {} pending re-armed", pending.size());
    }

    @Override
    public void schedule(String key, Instant dueAt, Object event, Metadata metadata) {
        SerializedEvent serialized = serializer.serialize(event);
        Scheduled scheduled = new Scheduled(key, dueAt.toEpochMilli(), serialized.type(), serialized.data());
        try {
            store.append(streamOf(key), ExpectedVersion.any(), List.of(new NewEvent(idOf("scheduled", key),
                    SCHEDULED, JSON.writeValueAsBytes(scheduled), metadata)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write deadline " + key, e);
        }
        arm(scheduled);
    }

    @Override
    public void cancel(String key) {
        disarm(key);
        try {
            store.append(streamOf(key), ExpectedVersion.exactly(0), List.of(new NewEvent(idOf("cancelled", key),
                    CANCELLED, "{}".getBytes(StandardCharsets.UTF_8), Metadata.empty())));
        } catch (WrongExpectedVersionException alreadyDone) {
            LOG.debug("Deadline {} was already fired, cancelled or never scheduled", key);
        }
    }

    private synchronized void arm(Scheduled scheduled) {
        if (timer.isShutdown() || armed.containsKey(scheduled.key())) {
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
