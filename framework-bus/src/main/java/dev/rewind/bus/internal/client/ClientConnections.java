package dev.rewind.bus.internal.client;

import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A client's DEALER sockets to the hub, each lent to one calling thread at a time: the caller sends its request and
 * waits for the reply on the socket it holds, so a request costs no hand-off to another thread. There are as many
 * sockets as callers at once; the lending queue orders each socket's use by one thread after another's.
 */
public final class ClientConnections implements AutoCloseable {

    /** How often a waiting caller checks whether the client was closed. */
    private static final int CLOSE_CHECK_MILLIS = 100;

    private final ZContext context;
    private final RemoteStoreConfig config;
    private final ConcurrentLinkedDeque<ZMQ.Socket> idle = new ConcurrentLinkedDeque<>();
    private final Set<ZMQ.Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /**
     * Opens the first socket at once, so a bad endpoint is reported here.
     *
     * @throws IllegalArgumentException if the endpoint is not a valid ZeroMQ endpoint
     */
    public ClientConnections(ZContext context, RemoteStoreConfig config) {
        this.context = context;
        this.config = config;
        idle.add(connect());
    }

    /**
     * Sends {@code [request id][operation][arguments...]} and returns the reply frames after the request id.
     *
     * @throws HubUnavailableException if no reply came within the request timeout, or the client is closed
     */
    public List<byte[]> call(List<byte[]> request) {
        ZMQ.Socket socket = borrow();
        boolean reusable = false;
        try {
            long id = ids.incrementAndGet();
            List<byte[]> frames = new ArrayList<>(request.size() + 1);
            frames.add(WireWriter.longFrame(id));
            frames.addAll(request);
            long deadline = System.nanoTime() + config.requestTimeout().toNanos();
            if (!send(socket, frames)) {
                throw timedOut();
            }
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw timedOut();
                }
                socket.setReceiveTimeOut((int) Math.min(left, CLOSE_CHECK_MILLIS));
                List<byte[]> reply = Frames.receive(socket, 0);
                if (reply == null) {
                    if (closed) {
                        throw closed();
                    }
                    continue;
                }
                // a reply to an earlier request on this socket whose caller stopped waiting is dropped here
                if (reply.get(0).length == 8 && ByteBuffer.wrap(reply.get(0)).getLong() == id) {
                    reusable = true;
                    return reply.subList(1, reply.size());
                }
            }
        } catch (HubUnavailableException e) {
            reusable = !closed;
            throw e;
        } catch (RuntimeException e) {
            // a ZeroMQ failure (the context ending, an interrupt): this socket is dropped, the next call gets a new one
            throw new HubUnavailableException("The request to the hub at " + config.endpoint() + " failed: "
                    + Protocol.describe(e) + ". An append may still have been stored, so re-send it with the same"
                    + " event ids.");
        } finally {
            giveBack(socket, reusable);
        }
    }

    private boolean send(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i <= last; i++) {
            if (!socket.send(frames.get(i), i < last ? ZMQ.SNDMORE : 0)) {
                return false;
            }
        }
        return true;
    }

    private ZMQ.Socket borrow() {
        if (closed) {
            throw closed();
        }
        ZMQ.Socket socket = idle.pollFirst();
        return socket != null ? socket : connect();
    }

    private ZMQ.Socket connect() {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setSndHWM(1_000);
        socket.setRcvHWM(100_000);
        socket.setSendTimeOut((int) Math.min(config.requestTimeout().toMillis(), Integer.MAX_VALUE));
        if (config.curve() != null) {
            Curve.connect(socket, config.curve());
        }
        try {
            socket.connect(config.endpoint());
        } catch (RuntimeException e) {
            context.destroySocket(socket);
            throw new IllegalArgumentException("Cannot connect to " + config.endpoint() + " (" + Protocol.describe(e)
                    + "). Check the endpoint, e.g. tcp://127.0.0.1:5555.", e);
        }
        open.add(socket);
        return socket;
    }

    /** Returns a socket for the next caller, or closes it if its state is unknown (say, interrupted mid-call). */
    private void giveBack(ZMQ.Socket socket, boolean reusable) {
        if (reusable && !closed) {
            idle.addFirst(socket);
        } else if (open.remove(socket)) {
            context.destroySocket(socket);
        }
    }

    private HubUnavailableException timedOut() {
        return new HubUnavailableException("The hub at " + config.endpoint() + " did not reply within "
                + config.requestTimeout().toMillis() + " ms. Check that it runs and is reachable (and, with CURVE,"
                + " that this client's key is allowed); an append may still have been stored, so re-send it"
                + " with the same event ids.");
    }

    private static HubUnavailableException closed() {
        return new HubUnavailableException("This remote event store is closed.");
    }

    /**
     * Fails new calls, and calls still waiting within {@link #CLOSE_CHECK_MILLIS}; closes every socket once its caller
     * gave it back (waiting up to a second for them).
     */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ZMQ.Socket socket = idle.pollFirst(); socket != null; socket = idle.pollFirst()) {
                if (open.remove(socket)) {
                    context.destroySocket(socket);
                }
            }
            if (!open.isEmpty()) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
