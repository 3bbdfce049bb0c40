/**
 * Messages as the framework sees them: user event records wrapped in envelopes with their metadata.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.event;
