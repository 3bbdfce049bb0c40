/**
 * The event store as applications see it ({@link dev.rewind.core.eventstore.EventStore}: append, read, subscribe)
 * and its in-memory implementation for tests.
 *
 * <p>Durable backends live in {@code framework-eventstore}; the remote client in {@code framework-bus}; what a
 * backend plugs in besides the store is in {@code dev.rewind.core.spi}. Everything in this package is non-null unless
 * documented otherwise.
 */
package dev.rewind.core.eventstore;
