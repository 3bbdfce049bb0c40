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
 * A client's DEALER sockets to its hubs, each lent to one calling thread at a time: the caller sends its request and
 * waits for the reply on the socket it holds, so a request costs no hand-off to another thread. There are as many
 * sockets as callers at once; the lending queue orders each socket's use by one thread after another's.
 *
 * <p>Each socket is connected to the hub that was current when it was made ({@link HubFailover}). A request with no
 * reply within the fail-over time is sent again, with the same request id, to whichever hub is current then; the
 * request (an append included) carries the same event ids, so the store applies it once. After the request timeout
 * it fails with {@link HubUnavailableException}.
 */
public final class ClientConnections implements AutoCloseable {

    /** How often a waiting caller checks whether the client was closed. */
    private static final int CLOSE_CHECK_MILLIS = 100;

    private final ZContext context;
    private final RemoteStoreConfig config;
    private final HubFailover failover;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /** A socket and the index of the hub it is connected to. */
    private record Connection(ZMQ.Socket socket, int hub) {
    }

    /**
     * Opens the first socket at once, so a bad endpoint is reported here.
     *
     * @throws IllegalArgumentException if the endpoint is not a valid ZeroMQ endpoint
     */
    public ClientConnections(ZContext context, RemoteStoreConfig config, HubFailover failover) {
        this.context = context;
        this.config = config;
        this.failover = failover;
        for (int hub = config.hubs().size() - 1; hub >= 0; hub--) {
            idle.add(connect(hub));
        }
    }

    /**
     * Sends {@code [request id][operation][arguments...]} and returns the reply frames after the request id.
     *
     * @throws HubUnavailableException if no hub replied within the request timeout, or the client is closed
     */
    public List<byte[]> call(List<byte[]> request) {
        long id = ids.incrementAndGet();
        List<byte[]> frames = new ArrayList<>(request.size() + 1);
        frames.add(WireWriter.longFrame(id));
        frames.addAll(request);
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        long failoverNanos = config.failoverAfter().toNanos();
        while (true) {
            Connection connection = borrow();
            boolean reusable = false;
            try {
                long attemptEnd = Math.min(deadline, System.nanoTime() + failoverNanos);
                List<byte[]> reply = attempt(connection.socket(), frames, id, attemptEnd);
                reusable = true;
                if (reply != null) {
                    failover.answered(connection.hub());
                    return reply;
                }
                failover.failed(connection.hub(), "no reply within " + config.failoverAfter().toMillis() + " ms");
                if (System.nanoTime() - deadline >= 0) {
                    throw timedOut();
                }
            } catch (HubUnavailableException e) {
                reusable = !closed;
                throw e;
            } catch (RuntimeException | AssertionError e) {
                // a ZeroMQ failure (the context ending, an interrupt, a JeroMQ assertion on a closing pipe): this
                // socket is dropped, the next call gets a new one
                if (closed) {
                    throw closed();
                }
                throw new HubUnavailableException("The request to the hub at " + failover.hub(connection.hub())
                        + " failed: " + (e instanceof RuntimeException runtime ? Protocol.describe(runtime)
                        : e.toString()) + ". An append may still have been stored, so re-send it with the same"
                        + " event ids.");
            } finally {
                giveBack(connection, reusable);
            }
        }
    }

    /** Sends the request and waits for its reply until {@code end}; null if none came by then. */
    private List<byte[]> attempt(ZMQ.Socket socket, List<byte[]> frames, long id, long end) {
        socket.setSendTimeOut((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
        if (!send(socket, frames)) {
            return null;
        }
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
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
                return reply.subList(1, reply.size());
            }
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

    /** A socket to the current hub: an idle one if there is one, else a new one. */
    private Connection borrow() {
        if (closed) {
            throw closed();
        }
        int hub = failover.current();
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (connection.hub() == hub) {
                return connection;
            }
            destroy(connection);
        }
        return connect(hub);
    }

    private Connection connect(int hub) {
        String endpoint = failover.hub(hub).requests();
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setSndHWM(1_000);
        socket.setRcvHWM(100_000);
        if (config.curve() != null) {
            Curve.connect(socket, config.curve());
        }
        try {
            socket.connect(endpoint);
        } catch (RuntimeException e) {
            context.destroySocket(socket);
            throw new IllegalArgumentException("Cannot connect to " + endpoint + " (" + Protocol.describe(e)
                    + "). Check the endpoint, e.g. tcp://127.0.0.1:5555.", e);
        }
        Connection connection = new Connection(socket, hub);
        open.add(connection);
        return connection;
    }

    /** Returns a socket for the next caller, or closes it if its state is unknown or its hub was left behind. */
    private void giveBack(Connection connection, boolean reusable) {
        if (reusable && !closed && connection.hub() == failover.current()) {
            idle.addFirst(connection);
        } else {
            destroy(connection);
        }
    }

    private void destroy(Connection connection) {
        if (open.remove(connection)) {
            context.destroySocket(connection.socket());
        }
    }

    private HubUnavailableException timedOut() {
        return new HubUnavailableException("No hub replied within " + config.requestTimeout().toMillis() + " ms"
                + " (tried " + config.hubs() + "). Check that one runs and is reachable (and, with CURVE, that this"
                + " client's key is allowed); an append may still have been stored, so re-send it with the same"
                + " event ids.");
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
            for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
                destroy(connection);
            }
            if (!open.isEmpty()) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
