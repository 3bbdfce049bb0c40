/**
 * Internal: not API, may change without notice. Schema migration from the versioned scripts under
 * {@code db/rewind/<dialect>/}, and the SQL each dialect provides for it.
 */
package dev.rewind.eventstore.internal.schema;
