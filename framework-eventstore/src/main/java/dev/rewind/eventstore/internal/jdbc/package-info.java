/**
 * Internal: not API, may change without notice. The checkpoint and snapshot stores on the store's database (H2 in
 * the embedded store, or PostgreSQL), with their portable SQL.
 */
package dev.rewind.eventstore.internal.jdbc;
