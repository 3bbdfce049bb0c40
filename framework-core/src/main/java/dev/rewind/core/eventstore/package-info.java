/**
 * The event store SPI ({@link dev.rewind.core.eventstore.EventStore}) and its in-memory implementation.
 *
 * <p>Durable backends live in {@code framework-eventstore}; the remote client in {@code framework-bus}. Everything in
 * this package is non-null unless documented otherwise.
 */
package dev.rewind.core.eventstore;
