/**
 * Event-sourced aggregates: the {@link dev.rewind.core.aggregate.AggregateRoot} base class users subclass, and the
 * repository that loads and saves them, with optional snapshots and cache.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.aggregate;
