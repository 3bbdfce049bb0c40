/** The hub's I/O loop and request handling; not API, may change without notice. */
package dev.rewind.bus.internal.hub;
