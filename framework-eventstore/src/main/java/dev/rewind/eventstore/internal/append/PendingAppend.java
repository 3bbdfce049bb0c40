package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One caller's append waiting in the writer's queue; completed only once it is stored (or refused). */
public final class PendingAppend {

    public final String streamId;
    public final ExpectedVersion expected;
    public final List<NewEvent> events;
    /** When the append was made, for its latency. */
    final long createdNanos = System.nanoTime();
    private final CompletableFuture<AppendResult> outcome = new CompletableFuture<>();

    public PendingAppend(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        this.streamId = streamId;
        this.expected = expected;
        this.events = events;
    }

    void succeed(AppendResult result) {
        outcome.complete(result);
    }

    void fail(RuntimeException error) {
        outcome.completeExceptionally(error);
    }

    /** Completes after the commit with the result, or with the (typed) exception that refused the append. */
    public CompletableFuture<AppendResult> outcome() {
        return outcome;
    }

    /** Waits for the writer and returns its result or throws its (typed) exception. */
    AppendResult await() {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new EventStoreException("The append to stream '" + streamId + "' failed: " + e.getCause(), e);
        }
    }
}
