/**
 * Process managers (sagas): react to events with commands and durable deadlines.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.process;
