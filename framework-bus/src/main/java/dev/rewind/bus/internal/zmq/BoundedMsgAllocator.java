package dev.rewind.bus.internal.zmq;

import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Allocates the frames a peer announces, refusing sizes no real frame has. Works around jeromq#1005 (fixed upstream
 * by PR #1006, in no release up to 0.6.0): {@code V2Decoder} passes a long frame's 8-byte size to the allocator
 * without checking its sign, so a negative size throws {@code NegativeArraySizeException} on JeroMQ's I/O thread
 * on every poll, and that thread spins for good. {@code ZMQ_DECODER} cannot help: {@code StreamEngine} uses it for
 * raw sockets only and builds a {@code V2Decoder} for ZMTP 3 (NULL and CURVE alike), but it does take the socket's
 * allocator.
 *
 * <p>A refused size gets an empty command frame instead: during the handshake the mechanism rejects it and the
 * connection is dropped; after it, no socket delivers a command frame to the application.
 */
public final class BoundedMsgAllocator implements MsgAllocator {

    private final long maxFrameBytes;

    private BoundedMsgAllocator(long maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Makes {@code socket} drop peers that announce a frame larger than {@code maxFrameBytes} (at most 2 GiB - 1, as
     * JeroMQ's frames) or of a negative size; call before {@code bind} or {@code connect}, as ZeroMQ copies options
     * into each new connection.
     */
    public static void install(ZMQ.Socket socket, long maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("The largest frame must not be negative, got " + maxFrameBytes);
        }
        long limit = Math.min(maxFrameBytes, Integer.MAX_VALUE);
        // MAXMSGSIZE turns a positive size over the limit into a decoding error, which drops the connection
        socket.setMaxMsgSize(limit);
        socket.setMsgAllocator(new BoundedMsgAllocator(limit));
    }

    @Override
    public Msg allocate(int size) {
        // below MAXMSGSIZE's check, so a size out of range here is the low half of a negative 8-byte size
        if (size < 0 || size > maxFrameBytes) {
            Msg refused = new Msg(0);
            refused.setFlags(Msg.COMMAND);
            return refused;
        }
        return zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(size);
    }
}
