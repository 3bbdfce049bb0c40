/**
 * Durable event stores, opened from a configuration string by {@link dev.rewind.eventstore.EventStores}: the
 * embedded store ({@code embedded:<folder>}, the default; {@code h2:} is an alias) keeps every event in an
 * append-only log of its own with memory-mapped indexes, and an H2 database next to it for read models, checkpoints
 * and snapshots; the PostgreSQL store ({@code jdbc:postgresql://...}) keeps all of them in PostgreSQL. Also here:
 * the parsed {@link dev.rewind.eventstore.StoreConfig}, the opened {@link dev.rewind.eventstore.EventStoreBackend}
 * and the Guice module {@link dev.rewind.eventstore.EventStoreModule}. Read models in the store's database are
 * written by projectors of {@link dev.rewind.eventstore.readmodel}.
 *
 * <p>Everything in this package is non-null unless documented otherwise. Packages under
 * {@code dev.rewind.eventstore.internal} are not API.
 */
package dev.rewind.eventstore;
