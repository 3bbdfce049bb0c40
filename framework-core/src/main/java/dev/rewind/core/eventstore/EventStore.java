package dev.rewind.core.eventstore;

/**
 * The event store SPI: append, read a stream, read the global log, subscribe, and answer operators
 * ({@link StoreInspector}). Every backend keeps the same promises, checked by one contract suite:
 *
 * <ul>
 *   <li>appends to one stream are atomic and checked against an {@link ExpectedVersion};</li>
 *   <li>global positions are dense and in commit order, so a reader that saw N and then N+1 missed nothing;</li>
 *   <li>nothing is acknowledged or delivered to subscribers before it is committed;</li>
 *   <li>appending already-stored event ids is idempotent;</li>
 *   <li>payloads are stored and returned byte for byte; bad input is refused with a clear error, changing nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * EventStore store = new InMemoryEventStore();
 * store.append("account-acc-1", ExpectedVersion.noStream(), List.of(NewEvent.of("AccountOpened.v1", json)));
 * List<RecordedEvent> events = store.readStream("account-acc-1");
 * }</pre>
 */
public interface EventStore extends EventAppender, StreamReader, GlobalLogReader, EventSubscriber, StoreInspector,
        AutoCloseable {

    /** The position of the last committed event, or 0 if the store is empty. */
    @Override
    long headPosition();

    /** The limits this store enforces on appends. */
    StoreLimits limits();

    /** Releases the store's resources; subscriptions stop. */
    @Override
    void close();
}
