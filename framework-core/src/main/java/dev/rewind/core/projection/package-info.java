/**
 * The read side: projectors, their checkpoints, and the runner that drives them from the global log.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.projection;
