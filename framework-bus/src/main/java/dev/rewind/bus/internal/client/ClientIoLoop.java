package dev.rewind.bus.internal.client;

import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.RemoteStoreConfig;
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
 * The client's I/O thread, the only user of its DEALER socket. Callers on any thread queue requests with
 * {@link #call}; each request carries its own id, so many are in flight at once and replies complete their futures
 * in whatever order they come.
 */
public final class ClientIoLoop implements Runnable {

    private static final int BURST = 1_000;
    private static final int RETRY_MILLIS = 50;

    private final ZContext context;
    private final RemoteStoreConfig config;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<List<byte[]>> outbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<List<byte[]>> unsent = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<List<byte[]>>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile boolean running = true;

    public ClientIoLoop(ZContext context, RemoteStoreConfig config) {
        this.context = context;
        this.wakeup = new Wakeup(context);
        this.config = config;
    }

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
            reply.completeExceptionally(new HubUnavailableException("This remote event store is closed."));
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
    }

    public void stop() {
        running = false;
        wakeup.signal();
    }

    @Override
    public void run() {
        ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
        ZMQ.Poller poller = context.createPoller(2);
        try {
            dealer.setLinger(0);
            dealer.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
            dealer.setSndHWM(100_000);
            dealer.setRcvHWM(100_000);
            if (config.curve() != null) {
                Curve.connect(dealer, config.curve());
            }
            dealer.connect(config.endpoint());
            poller.register(dealer, ZMQ.Poller.POLLIN);
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            started.complete(null);
            while (running) {
                poller.poll(unsent.isEmpty() ? 1_000 : RETRY_MILLIS);
                wakeup.drain();
                for (List<byte[]> request = outbox.poll(); request != null; request = outbox.poll()) {
                    unsent.add(request);
                }
                sendWaiting(dealer);
                for (int i = 0; i < BURST; i++) {
                    List<byte[]> reply = Frames.receive(dealer, ZMQ.DONTWAIT);
                    if (reply == null) {
                        break;
                    }
                    complete(reply);
                }
            }
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        } finally {
            running = false;
            poller.close();
            context.destroySocket(dealer);
            wakeup.close();
            pending.values().forEach(future -> future.completeExceptionally(
                    new HubUnavailableException("The remote event store was closed before the hub replied.")));
        }
    }

    /**
     * Sends what the socket takes now. A request the socket refuses (no connection yet, the hub down, or a CURVE
     * handshake refused) waits here and is retried until its caller stops waiting for it.
     */
    private void sendWaiting(ZMQ.Socket dealer) {
        while (!unsent.isEmpty()) {
            List<byte[]> request = unsent.peekFirst();
            if (!pending.containsKey(ByteBuffer.wrap(request.get(0)).getLong())) {
                unsent.pollFirst();
            } else if (Frames.send(dealer, request)) {
                unsent.pollFirst();
            } else {
                return;
            }
        }
    }

    private void complete(List<byte[]> reply) {
        if (reply.get(0).length != 8) {
            return;
        }
        CompletableFuture<List<byte[]>> future = pending.remove(ByteBuffer.wrap(reply.get(0)).getLong());
        if (future != null) {
            future.complete(reply.subList(1, reply.size()));
        }
    }

}
