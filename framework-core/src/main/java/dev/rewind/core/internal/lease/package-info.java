/** Partition leases within one process. */
package dev.rewind.core.internal.lease;
