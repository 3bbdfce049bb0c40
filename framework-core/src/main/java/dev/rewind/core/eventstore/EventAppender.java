package dev.rewind.core.eventstore;

import java.util.List;

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
}
