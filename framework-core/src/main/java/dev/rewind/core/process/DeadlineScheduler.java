package dev.rewind.core.process;

import dev.rewind.core.event.Metadata;
import java.time.Instant;

/** Keeps deadlines: schedules, cancels and fires them; the runtime keeps them durably in the event store. */
public interface DeadlineScheduler extends AutoCloseable {

    /** Schedules {@code event} to be appended to stream {@code deadline-<key>} at {@code dueAt}; idempotent per key. */
    void schedule(String key, Instant dueAt, Object event, Metadata metadata);

    /** Cancels a pending deadline; does nothing if it fired already or never existed. */
    void cancel(String key);

    /** Stops firing deadlines (pending ones stay stored and fire after the next start). */
    @Override
    void close();
}
