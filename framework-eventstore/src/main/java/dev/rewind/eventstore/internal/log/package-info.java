/**
 * Internal: not API, may change without notice. The embedded store: {@code EmbeddedEventStore} over the append-only
 * event log ({@code EventLog}, its record format, resync and offsets) and the indexes derived from it (event ids,
 * streams), plus the checks made on opening ({@code LogRecovery}, {@code OpenMarker}).
 */
package dev.rewind.eventstore.internal.log;
