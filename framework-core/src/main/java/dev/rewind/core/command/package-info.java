/**
 * Commands: the {@link dev.rewind.core.command.CommandBus}, interceptors, and handling a command with an aggregate
 * (load, decide, append, retry on conflict).
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.command;
