package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.spi.CatchUpSubscription;
import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the embedded and the PostgreSQL store share: appends checked against the limits and handed to one
 * {@link AppendWriter} (group commit), and the {@link CommitSignal} that wakes catch-up subscriptions on commits.
 * Each store answers reads itself.
 */
public final class StoreWriter {

    private final StoreLimits limits;
    private final CommitSignal signal;
    private final AppendWriter writer;

    /** Starts the writer thread; {@code head} is the store's last position when it opens. */
    public StoreWriter(StoreLimits limits, AppendTransactions transactions, long head, String name) {
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.signal = new CommitSignal(head);
        this.writer = new AppendWriter(transactions, signal, name);
    }

    public StoreLimits limits() {
        return limits;
    }

    /** Advances on every commit; other processes' commits reach it through the store (PostgreSQL NOTIFY). */
    public CommitSignal signal() {
        return signal;
    }

    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return writer.append(checked(streamId, expected, events));
    }

    public CompletableFuture<AppendResult> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        try {
            PendingAppend append = checked(streamId, expected, events);
            writer.enqueue(append);
            return append.outcome();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public List<CompletableFuture<AppendResult>> appendEach(List<StreamAppend> appends) {
        List<CompletableFuture<AppendResult>> outcomes = new ArrayList<>(appends.size());
        List<PendingAppend> valid = new ArrayList<>(appends.size());
        for (StreamAppend append : appends) {
            try {
                PendingAppend pending = checked(append.streamId(), append.expected(), append.events());
                valid.add(pending);
                outcomes.add(pending.outcome());
            } catch (RuntimeException e) {
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        writer.writeNow(valid);
        return outcomes;
    }

    /** The append for the writer, once the limits are checked (they throw {@code InvalidAppendException}). */
    private PendingAppend checked(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        limits.check(streamId, expected, events);
        return new PendingAppend(streamId, expected, List.copyOf(events));
    }

    public Subscription subscribe(EventStore store, long fromPosition, EventFilter filter, EventListener listener) {
        return CatchUpSubscription.start(store, signal, fromPosition, filter, listener);
    }

    /** Stops the writer once the queued appends are written; the signal stays open until the store closes it. */
    public void stopWriting() {
        writer.close();
    }

    /** Checks the arguments of a stream read ({@code min} 0, versions) or a global read ({@code min} 1). */
    public static void checkRead(long from, long min, int maxCount, String what) {
        if (from < min) {
            throw new IllegalArgumentException("Reading starts at " + what + " " + min + " or later, got " + from);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        }
    }
}
