/**
 * Internal: not API, may change without notice. The PostgreSQL store: {@code PostgresEventStore}, its SQL, its append
 * transactions and the LISTEN/NOTIFY listener that wakes subscriptions on other processes' commits.
 */
package dev.rewind.eventstore.internal.postgres;
