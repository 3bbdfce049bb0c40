/**
 * The service-provider interface for backends: what an event store implementation plugs in beside
 * {@link dev.rewind.core.eventstore.EventStore} (checkpoint and snapshot stores) and the building blocks it may reuse
 * ({@link dev.rewind.core.spi.CommitSignal}, {@link dev.rewind.core.spi.CatchUpSubscription}). Applications
 * configure these through {@code EventStores} or {@code EventStoreModule} and rarely touch them directly.
 */
package dev.rewind.core.spi;
