/** ZeroMQ mechanics shared by hub and clients: wake-ups, bounded closing, frame-size limits; not API. */
package dev.rewind.bus.internal.zmq;
