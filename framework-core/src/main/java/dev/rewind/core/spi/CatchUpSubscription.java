package dev.rewind.core.spi;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventSubscriber;
import dev.rewind.core.eventstore.GlobalLogReader;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription that reads the global log in batches from a position, then waits on a {@link CommitSignal} for
 * the next commit: catch-up and live delivery are one loop, so there is no hand-over where events could be missed.
 *
 * <p>Backends build their {@link EventSubscriber#subscribe} on it. Its thread is a daemon named after the listener.
 */
public final class CatchUpSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);
    private static final int BATCH = 1024;
    /** Upper bound on one wait; commits wake the thread sooner, this only re-checks the closed flag. */
    private static final long WAIT_MILLIS = 1_000;

    private final GlobalLogReader reader;
    private final CommitSignal signal;
    private final EventFilter filter;
    private final EventListener listener;
    private final Thread thread;
    private volatile long position;
    private volatile boolean running = true;

    private CatchUpSubscription(GlobalLogReader reader, CommitSignal signal, long fromPosition, EventFilter filter,
            EventListener listener) {
        this.reader = reader;
        this.signal = signal;
        this.filter = filter;
        this.listener = listener;
        this.position = fromPosition - 1;
        this.thread = new Thread(this::run, "rewind-subscription-from-" + fromPosition);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a subscription delivering matching events from {@code fromPosition} (inclusive).
     *
     * @throws IllegalArgumentException if {@code fromPosition} is below 1
     */
    public static CatchUpSubscription start(GlobalLogReader reader, CommitSignal signal, long fromPosition,
            EventFilter filter, EventListener listener) {
        if (fromPosition < 1) {
            throw new IllegalArgumentException("A subscription starts at position 1 or later, got " + fromPosition);
        }
        CatchUpSubscription subscription = new CatchUpSubscription(reader, signal, fromPosition,
                Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(listener, "listener must not be null"));
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (running && !signal.isClosed()) {
                long head = signal.head();
                List<RecordedEvent> batch = head > position ? reader.readAll(position + 1, BATCH, filter) : List.of();
                if (!batch.isEmpty()) {
                    listener.onEvents(batch);
                    position = batch.get(batch.size() - 1).globalPosition();
                }
                if (batch.size() < BATCH) {
                    // Everything matching up to the head seen before the read has been delivered.
                    position = Math.max(position, head);
                    signal.awaitBeyond(position, WAIT_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable error) {
            LOG.warn("Subscription stopped at position {}: {}", position, error.toString());
            running = false;
            listener.onError(error);
        } finally {
            running = false;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
