package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer with group commit: appenders enqueue and wait; one thread drains the queue, writes everything
 * queued in one transaction, commits, advances the {@link CommitSignal}, and only then completes each caller.
 * A busy store thus commits many appends per transaction. One writes at a time (the {@code writing} lock), but not
 * always on the writer thread: an append that finds nothing being written or waiting is written by its own caller,
 * and a caller with several appends at hand can {@link #writeNow write them} on its own thread; each saves the two
 * thread hand-offs of the queue.
 */
final class AppendWriter implements AutoCloseable {

    private final AppendMeters meters;

    private static final Logger LOG = LoggerFactory.getLogger(AppendWriter.class);
    private static final int MAX_GROUP_APPENDS = 1_000;
    private static final int MAX_GROUP_EVENTS = 10_000;
    private static final PendingAppend STOP = new PendingAppend("", null, List.of());

    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final AppendTransactions transactions;
    private final CommitSignal signal;
    private final Thread thread;
    private final Object enqueueLock = new Object();
    /** Held while a group is written, by the writer thread or a caller of {@link #writeNow}. */
    private final ReentrantLock writing = new ReentrantLock();
    private boolean closed;
    private PendingAppend carried;

    AppendWriter(AppendTransactions transactions, CommitSignal signal, String name) {
        this.transactions = transactions;
        this.signal = signal;
        this.meters = new AppendMeters(transactions.storeKind());
        this.thread = new Thread(this::run, "rewind-writer-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Writes the append and waits until it is committed (or refused): on the calling thread when nothing is being
     * written or waiting, which saves the two thread hand-offs when appends come one at a time; otherwise through
     * the queue, where it joins the next group.
     */
    AppendResult append(PendingAppend append) {
        if (queue.isEmpty() && writing.tryLock()) {
            try {
                if (queue.isEmpty()) {
                    writeHeld(List.of(append));
                    return append.await();
                }
            } finally {
                writing.unlock();
            }
        }
        enqueue(append);
        return append.await();
    }

    /** Enqueues the append without waiting; its {@link PendingAppend#outcome()} completes after the commit. */
    void enqueue(PendingAppend append) {
        synchronized (enqueueLock) {
            if (closed) {
                throw closedError(append);
            }
            queue.add(append);
        }
    }

    /**
     * Writes the appends on the calling thread, in groups, and returns once each is committed or refused (each
     * {@link PendingAppend#outcome()} is then complete). The writer thread waits meanwhile.
     */
    void writeNow(List<PendingAppend> appends) {
        writing.lock();
        try {
            writeHeld(appends);
        } finally {
            writing.unlock();
        }
    }

    /** What {@link #writeNow} does once it holds {@link #writing}. */
    private void writeHeld(List<PendingAppend> appends) {
        synchronized (enqueueLock) {
            if (closed) {
                for (PendingAppend append : appends) {
                    append.fail(closedError(append));
                }
                return;
            }
        }
        int from = 0;
        while (from < appends.size()) {
            int to = from + 1;
            int events = appends.get(from).events.size();
            while (to < appends.size() && to - from < MAX_GROUP_APPENDS
                    && events + appends.get(to).events.size() <= MAX_GROUP_EVENTS) {
                events += appends.get(to).events.size();
                to++;
            }
            write(appends.subList(from, to));
            from = to;
        }
    }

    private static EventStoreException closedError(PendingAppend append) {
        return new EventStoreException("The event store is closed; the append to stream '" + append.streamId
                + "' was not written. Open the store again.");
    }

    private void run() {
        List<PendingAppend> group = new ArrayList<>();
        try {
            while (true) {
                PendingAppend first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                writing.lock();
                try {
                    // filled under the lock: what queued while another thread was writing joins this group
                    group.clear();
                    group.add(first);
                    fill(group, first.events.size());
                    write(group);
                } finally {
                    writing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("The event store writer stopped unexpectedly", e);
        } finally {
            synchronized (enqueueLock) {
                closed = true;
            }
            for (PendingAppend left = queue.poll(); left != null; left = queue.poll()) {
                if (left != STOP) {
                    left.fail(new EventStoreException("The event store closed before the append to stream '"
                            + left.streamId + "' was written; nothing was stored. Open the store again and re-send."));
                }
            }
            writing.lock();
            try {
                transactions.close();
            } finally {
                writing.unlock();
            }
        }
    }

    private void fill(List<PendingAppend> group, int events) {
        int total = events;
        while (group.size() < MAX_GROUP_APPENDS) {
            PendingAppend next = queue.poll();
            if (next == null) {
                return;
            }
            if (next == STOP || total + next.events.size() > MAX_GROUP_EVENTS) {
                carried = next;
                return;
            }
            group.add(next);
            total += next.events.size();
        }
    }

    private void write(List<PendingAppend> group) {
        List<PendingAppend> alone = group;
        try {
            long started = System.nanoTime();
            AppendTransactions.Group written = transactions.writeGroup(group);
            if (!written.accepted().isEmpty()) {
                long now = System.nanoTime();
                meters.committed(written.accepted().size(), now - started);
                // acknowledge first, then wake readers: a hub then sends the replies and publishes in one turn
                for (int i = 0; i < written.accepted().size(); i++) {
                    written.accepted().get(i).succeed(written.results().get(i));
                    meters.acknowledged(written.accepted().get(i), now);
                }
                signal.advance(written.head());
            }
            alone = written.deferred();
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.debug("Group of {} appends failed ({}); deciding each alone", group.size(), e.toString());
        }
        for (PendingAppend append : alone) {
            writeAlone(append);
        }
    }

    private void writeAlone(PendingAppend append) {
        try {
            long started = System.nanoTime();
            AppendResult result = transactions.writeAlone(append);
            long now = System.nanoTime();
            meters.committed(1, now - started);
            append.succeed(result);
            meters.acknowledged(append, now);
            signal.advance(result.lastPosition());
        } catch (SQLException e) {
            append.fail(new EventStoreException("Could not append to stream '" + append.streamId + "': "
                    + e.getMessage() + ". The append may not have happened; re-send it unchanged once the database"
                    + " is reachable (appends are idempotent by event id).", e));
        } catch (IOException e) {
            append.fail(new EventStoreException("Could not append to stream '" + append.streamId + "': "
                    + e.getMessage() + ". Re-send it unchanged once that is fixed (appends are idempotent by event"
                    + " id).", e));
        } catch (RuntimeException e) {
            append.fail(e);
        }
    }

    /** Stops taking appends, lets the writer finish what is queued, and waits for it. */
    @Override
    public void close() {
        synchronized (enqueueLock) {
            if (!closed) {
                closed = true;
                queue.add(STOP);
            }
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
