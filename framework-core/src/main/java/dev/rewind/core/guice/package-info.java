/**
 * Guice wiring: the core module, the in-memory store module and the base module of a bounded context.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.guice;
