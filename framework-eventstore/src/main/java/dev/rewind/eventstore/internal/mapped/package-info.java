/**
 * Internal: not API, may change without notice. Generic memory-mapped files the log's indexes are built from: a
 * hash table, a file of fixed-size positions, a reader of mapped regions and the checks of their entries.
 */
package dev.rewind.eventstore.internal.mapped;
