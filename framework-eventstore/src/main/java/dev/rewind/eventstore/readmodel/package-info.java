/**
 * Read models in the event store's own database (H2 in the embedded store, or PostgreSQL): extend
 * {@link dev.rewind.eventstore.readmodel.JdbcProjector}, whose handlers write through {@link
 * dev.rewind.eventstore.readmodel.Sql} in the same transaction as the projector's checkpoint.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.eventstore.readmodel;
