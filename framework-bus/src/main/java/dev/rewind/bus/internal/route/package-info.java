/**
 * Routing commands to the write side that owns their aggregate: the partitions this process holds (with the commands
 * running on each), the check a command server makes before running a command, the connections to the other write
 * sides and the routing loop with its deadline; not API.
 */
package dev.rewind.bus.internal.route;
