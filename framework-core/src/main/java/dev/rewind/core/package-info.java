/**
 * Rewind for Java: a CQRS and event-sourcing framework. {@link dev.rewind.core.Rewind} is the runtime entry point.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core;
