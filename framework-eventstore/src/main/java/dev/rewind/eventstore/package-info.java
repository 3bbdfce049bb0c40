/**
 * Durable event stores on JDBC: embedded H2 (the default) and PostgreSQL, through HikariCP, with their checkpoint and
 * snapshot stores, the {@link dev.rewind.eventstore.JdbcProjector} for read models in the same database, and the
 * Guice module {@link dev.rewind.eventstore.JdbcEventStoreModule}. Start at {@link dev.rewind.eventstore.EventStores}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.eventstore;
