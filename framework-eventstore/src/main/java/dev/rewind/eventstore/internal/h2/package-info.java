/**
 * Internal: not API, may change without notice. The embedded store's H2 database, which holds read models,
 * checkpoints and snapshots: its SQL, one store per file in a process, and what happens after an unclean stop (a
 * damaged file moved aside, a recovery H2 left unfinished, read models rebuilt).
 */
package dev.rewind.eventstore.internal.h2;
