/**
 * The service-provider interface for backends: what an event store implementation plugs in beside
 * {@link dev.rewind.core.eventstore.EventStore} (checkpoint and snapshot stores) and the building blocks it may reuse
 * ({@link dev.rewind.core.spi.CommitSignal}, {@link dev.rewind.core.spi.CatchUpSubscription}), and the partition
 * leases shared by processes with the checkpoint view a partitioned batch commits through
 * ({@link dev.rewind.core.spi.PartitionLeases}, {@link dev.rewind.core.spi.BatchCheckpoints}). Applications
 * configure these through {@code EventStores} or {@code EventStoreModule} and rarely touch them directly.
 */
package dev.rewind.core.spi;
