package dev.rewind.core.eventstore;

/**
 * Tells waiting subscriptions that the committed head moved, so they wake on commit instead of polling.
 *
 * <p>Stores call {@link #advance(long)} after each commit; {@link CatchUpSubscription} waits in {@link #awaitBeyond}.
 */
public final class CommitSignal {

    private long head;
    private boolean closed;

    /** Creates a signal starting at the given committed head. */
    public CommitSignal(long head) {
        this.head = head;
    }

    /** Publishes a new committed head and wakes every waiter. A smaller value than the current head is ignored. */
    public synchronized void advance(long newHead) {
        if (newHead > head) {
            head = newHead;
            notifyAll();
        }
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
