package dev.rewind.core.eventstore;

/** Pushes events of the global log to a listener: first the stored ones, then each new one as it commits. */
public interface EventSubscriber {

    /**
     * Subscribes from {@code fromPosition} (inclusive): the listener gets every matching event from there on, once
     * and in global order, on a thread owned by the subscription. Nothing uncommitted is ever delivered.
     *
     * <p>If the listener throws, the subscription stops and reports the error through
     * {@link EventListener#onError(Throwable)}.
     */
    Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener);
}
