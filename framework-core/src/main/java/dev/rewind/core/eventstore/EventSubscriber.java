package dev.rewind.core.eventstore;

import dev.rewind.core.spi.CommitSignal;
import java.util.Optional;

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

    /**
     * Runs {@code callback} after every commit that moves the head, on the committing thread, for a component that
     * reads the log on a thread it already has (the hub's I/O loop) instead of a subscription thread per reader. The
     * callback must be short and must not block or throw.
     *
     * @return the registration to close, or empty if this store cannot call back; use {@link #subscribe} then
     */
    default Optional<CommitSignal.Registration> onCommit(Runnable callback) {
        return Optional.empty();
    }
}
