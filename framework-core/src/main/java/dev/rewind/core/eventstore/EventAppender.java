package dev.rewind.core.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Appends events to a stream atomically, checked against an expected version. */
public interface EventAppender {

    /**
     * Appends the events to the stream as one atomic unit and returns only once they are committed.
     *
     * <p>Re-sending an append whose event ids are all stored already, in the same stream and order, returns the
     * original result and stores nothing.
     *
     * @throws WrongExpectedVersionException if the stream's version does not satisfy {@code expected}
     * @throws InvalidAppendException if the stream id or an event breaks the store's {@link StoreLimits}
     * @throws DuplicateEventIdException if some, but not all, of the event ids are stored already
     * @throws EventStoreException if the store cannot commit; the append may then not have happened
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events);

    /**
     * Like {@link #append}, but need not wait: the future completes once the events are committed, with the result
     * or one of {@code append}'s exceptions. Stores that commit on a writer thread of their own complete it there, so
     * one thread can keep many appends in flight (the hub does); the default appends on the calling thread.
     */
    default CompletableFuture<AppendResult> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        try {
            return CompletableFuture.completedFuture(append(streamId, expected, events));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Appends several independent appends, each atomic and checked against its own expected version, and returns
     * once every one is decided: the futures, in the order of {@code appends}, are complete, each with its result or
     * one of {@code append}'s exceptions. A store may commit them in one transaction on the calling thread (the JDBC
     * store does), which saves a hand-off to its writer; the default appends them one after another.
     */
    default List<CompletableFuture<AppendResult>> appendEach(List<StreamAppend> appends) {
        List<CompletableFuture<AppendResult>> outcomes = new ArrayList<>(appends.size());
        for (StreamAppend append : appends) {
            try {
                outcomes.add(CompletableFuture.completedFuture(append(append.streamId(), append.expected(),
                        append.events())));
            } catch (RuntimeException e) {
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        return outcomes;
    }
}
