package dev.rewind.eventstore.readmodel;

import java.sql.SQLException;

/**
 * A {@link JdbcProjector}'s handler of one event class: it changes the read model through {@link Sql}, inside the
 * transaction that also records the projector's checkpoint.
 *
 * @param <E> the event class
 */
@FunctionalInterface
public interface SqlHandler<E> {

    /** Applies the event to the read model. Throwing rolls back the whole batch, checkpoint included. */
    void handle(E event, Sql sql) throws SQLException;
}
