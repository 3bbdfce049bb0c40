package dev.rewind.eventstore.readmodel;

import dev.rewind.core.event.EventEnvelope;
import java.sql.SQLException;

/**
 * A {@link JdbcProjector}'s handler of one event class that also wants the event's envelope (global position,
 * stream, metadata), for example to key history rows by position.
 *
 * @param <E> the event class
 */
@FunctionalInterface
public interface SqlEnvelopeHandler<E> {

    /** Applies the event to the read model. Throwing rolls back the whole batch, checkpoint included. */
    void handle(E event, EventEnvelope<E> envelope, Sql sql) throws SQLException;
}
