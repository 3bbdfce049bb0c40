/**
 * Serialization of events: the explicit registry of stable type names, Jackson serialization and upcasting.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.serialization;
