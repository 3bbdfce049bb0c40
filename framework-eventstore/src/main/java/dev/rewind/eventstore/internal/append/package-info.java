/**
 * Internal: not API, may change without notice. The append machinery both stores share: {@code StoreWriter} in front
 * of the group-commit {@code AppendWriter}, the pending appends, the idempotency check of re-sent appends, and event
 * rows with their metadata JSON.
 */
package dev.rewind.eventstore.internal.append;
