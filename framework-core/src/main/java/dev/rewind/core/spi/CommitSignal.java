package dev.rewind.core.spi;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells waiting subscriptions that the committed head moved, so they wake on commit instead of polling.
 *
 * <p>Stores call {@link #advance(long)} after each commit; {@link CatchUpSubscription} waits in {@link #awaitBeyond},
 * and components with a thread of their own to wake (the hub's I/O loop) register a callback with {@link #onAdvance}.
 */
public final class CommitSignal {

    private static final Logger LOG = LoggerFactory.getLogger(CommitSignal.class);

    private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private long head;
    private boolean closed;

    /** Stops the callback it was returned for. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Creates a signal starting at the given committed head. */
    public CommitSignal(long head) {
        this.head = head;
    }

    /** Publishes a new committed head and wakes every waiter. A smaller value than the current head is ignored. */
    public void advance(long newHead) {
        synchronized (this) {
            if (newHead <= head) {
                return;
            }
            head = newHead;
            notifyAll();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                // the commit stands and is acknowledged; a broken call-back must not make it look failed
                LOG.warn("A commit call-back failed at head {}: {}", newHead, e.toString());
            }
        }
    }

    /**
     * Runs {@code callback} after every advance of the head, on the committing thread, until the registration is
     * closed. It must be short and must not block: it runs before the next commit can start. An exception it throws
     * is logged and ignored.
     */
    public Registration onAdvance(Runnable callback) {
        Objects.requireNonNull(callback, "callback must not be null");
        callbacks.add(callback);
        return () -> callbacks.remove(callback);
    }

    /** The last published head. */
    public synchronized long head() {
        return head;
    }

    /**
     * Waits until the head is beyond {@code position}, the signal is closed, or the timeout passes.
     *
     * @return the head at return
     */
    public synchronized long awaitBeyond(long position, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (head <= position && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return head;
    }

    /** Wakes every waiter for good. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
