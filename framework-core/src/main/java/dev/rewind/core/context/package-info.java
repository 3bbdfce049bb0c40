/**
 * Bounded contexts: the one place that declares a context's events, aggregates with their commands, and projectors.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.context;
