package dev.rewind.core.eventstore;

import java.util.List;

/** Receives the events of a {@link Subscription}, in global order. */
@FunctionalInterface
public interface EventListener {

    /** Handles a batch of consecutive matching events; called from the subscription's own thread. */
    void onEvents(List<RecordedEvent> events) throws Exception;

    /** Called once if the subscription stops because of an error (including one thrown by {@link #onEvents}). */
    default void onError(Throwable error) {
    }
}
