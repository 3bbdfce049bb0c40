package dev.rewind.bus.internal.client;

import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.HubAddress;
import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.bus.internal.zmq.Wakeup;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The client's I/O thread, the only user of its DEALER sockets, one per endpoint. Callers on any thread queue
 * requests with {@link #call}; each request carries its own id, so many are in flight at once and replies complete
 * their futures in whatever order they come. Requests go to the current endpoint ({@link HubFailover}); a request
 * whose caller timed out ({@link #timedOut}) moves the next ones to the next endpoint. Requests are never re-sent:
 * a command's outcome is unknown once it was sent.
 */
public final class ClientIoLoop implements Runnable {

    private static final int BURST = 1_000;
    private static final int RETRY_MILLIS = 50;

    private final ZContext context;
    private final List<String> endpoints;
    private final CurveClientKeys curve;
    private final HubFailover failover;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<List<byte[]>> outbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<List<byte[]>> unsent = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<List<byte[]>>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Integer> sentTo = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile boolean running = true;

    /** A loop with a socket to each endpoint; {@code curve} may be null for no CURVE; {@code name} is for logs. */
    public ClientIoLoop(ZContext context, List<String> endpoints, CurveClientKeys curve, String name) {
        this.context = context;
        this.wakeup = new Wakeup(context);
        this.endpoints = List.copyOf(endpoints);
        this.curve = curve;
        this.failover = new HubFailover(this.endpoints.stream().map(endpoint -> new HubAddress(endpoint, endpoint))
                .toList(), name);
    }

    /** Completes once the sockets are connected. */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** A request in flight: its id and the future of its reply frames (those after the request id). */
    public record Call(long id, CompletableFuture<List<byte[]>> reply) {
    }

    /** Queues a request ({@code [operation][arguments...]}) for the I/O thread to send. */
    public Call call(List<byte[]> request) {
        long id = ids.incrementAndGet();
        CompletableFuture<List<byte[]>> reply = new CompletableFuture<>();
        if (!running) {
            reply.completeExceptionally(new HubUnavailableException("This client is closed."));
            return new Call(id, reply);
        }
        List<byte[]> frames = new ArrayList<>(request.size() + 1);
        frames.add(WireWriter.longFrame(id));
        frames.addAll(request);
        pending.put(id, reply);
        outbox.add(frames);
        wakeup.signal();
        return new Call(id, reply);
    }

    /** Forgets a request whose caller stopped waiting; a late reply is then ignored. */
    public void forget(long requestId) {
        pending.remove(requestId);
        sentTo.remove(requestId);
    }

    /** Forgets a request that got no reply in time, and moves later requests to the next endpoint. */
    public void timedOut(long requestId, String why) {
        pending.remove(requestId);
        Integer endpoint = sentTo.remove(requestId);
        if (endpoint != null) {
            failover.failed(endpoint, why);
        }
    }

    /** Asks the thread to close its sockets and end. */
    public void stop() {
        running = false;
        wakeup.signal();
    }

    @Override
    public void run() {
        List<ZMQ.Socket> dealers = new ArrayList<>();
        ZMQ.Poller poller = context.createPoller(endpoints.size() + 1);
        try {
            for (String endpoint : endpoints) {
                ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
                dealers.add(dealer);
                dealer.setLinger(0);
                dealer.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
                dealer.setSndHWM(100_000);
                dealer.setRcvHWM(100_000);
                if (curve != null) {
                    Curve.connect(dealer, curve);
                }
                dealer.connect(endpoint);
                poller.register(dealer, ZMQ.Poller.POLLIN);
            }
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            started.complete(null);
            while (running) {
                poller.poll(unsent.isEmpty() ? 1_000 : RETRY_MILLIS);
                wakeup.drain();
                for (List<byte[]> request = outbox.poll(); request != null; request = outbox.poll()) {
                    unsent.add(request);
                }
                sendWaiting(dealers);
                for (int index = 0; index < dealers.size(); index++) {
                    for (int i = 0; i < BURST; i++) {
                        List<byte[]> reply = Frames.receive(dealers.get(index), ZMQ.DONTWAIT);
                        if (reply == null) {
                            break;
                        }
                        complete(reply, index);
                    }
                }
            }
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        } finally {
            running = false;
            poller.close();
            dealers.forEach(context::destroySocket);
            wakeup.close();
            pending.values().forEach(future -> future.completeExceptionally(
                    new HubUnavailableException("The client was closed before the server replied.")));
        }
    }

    /**
     * Sends what the current endpoint's socket takes now. A request the socket refuses (its queue full) waits here
     * and is retried until its caller stops waiting for it.
     */
    private void sendWaiting(List<ZMQ.Socket> dealers) {
        int current = failover.current();
        while (!unsent.isEmpty()) {
            List<byte[]> request = unsent.peekFirst();
            long id = ByteBuffer.wrap(request.get(0)).getLong();
            if (!pending.containsKey(id)) {
                unsent.pollFirst();
            } else if (Frames.send(dealers.get(current), request)) {
                sentTo.put(id, current);
                unsent.pollFirst();
            } else {
                return;
            }
        }
    }

    private void complete(List<byte[]> reply, int endpoint) {
        if (reply.get(0).length != 8) {
            return;
        }
        long id = ByteBuffer.wrap(reply.get(0)).getLong();
        sentTo.remove(id);
        CompletableFuture<List<byte[]>> future = pending.remove(id);
        failover.answered(endpoint);
        if (future != null) {
            future.complete(reply.subList(1, reply.size()));
        }
    }
}
