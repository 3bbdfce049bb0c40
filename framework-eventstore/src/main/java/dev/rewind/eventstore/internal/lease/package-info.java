/** Partition leases shared by processes through PostgreSQL tables; see {@code docs/design/partitions.md}. */
package dev.rewind.eventstore.internal.lease;
