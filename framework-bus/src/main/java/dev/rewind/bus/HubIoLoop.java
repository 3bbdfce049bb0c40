package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The hub's I/O thread: the only user of the ROUTER socket (requests), the PUB socket (live events) and the Rewind
 * PUB socket. Requests go to worker threads; their replies and committed events come back through queues and a
 * {@link Wakeup}, so no socket is ever touched by two threads.
 */
final class HubIoLoop implements Runnable {

    static final int HEARTBEAT_MILLIS = 200;
    private static final int HIGH_WATER_MARK = 100_000;
    private static final int BURST = 1_000;
    static final int HANDSHAKE_MILLIS = 500;

    private final ZContext context;
    private final HubConfig config;
    private final RequestHandler handler;
    private final ExecutorService workers;
    private final Wakeup wakeup = new Wakeup();
    private final ConcurrentLinkedQueue<List<byte[]>> replies = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<RecordedEvent> committed = new ArrayBlockingQueue<>(65_536);
    private final CompletableFuture<List<String>> started = new CompletableFuture<>();
    private volatile boolean running = true;
    private long lastPublished;
    private String lastRewindId;

    HubIoLoop(ZContext context, HubConfig config, RequestHandler handler, ExecutorService workers, long head,
            String lastEventId) {
        this.context = context;
        this.config = config;
        this.handler = handler;
        this.workers = workers;
        this.lastPublished = head;
        this.lastRewindId = lastEventId;
    }

    /** Completes with the bound endpoints (request, publish, Rewind stream or null) once the sockets listen. */
    CompletableFuture<List<String>> started() {
        return started;
    }

    /** Hands committed events to the publisher; blocks while its queue is full, returns false once stopping. */
    boolean publish(List<RecordedEvent> events) throws InterruptedException {
        for (RecordedEvent event : events) {
            while (!committed.offer(event, 100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return false;
                }
                wakeup.signal();
            }
        }
        wakeup.signal();
        return running;
    }

    /** Asks the thread to close its sockets and end. */
    void stop() {
        running = false;
        wakeup.signal();
    }

    @Override
    public void run() {
        ZMQ.Socket router = null;
        ZMQ.Socket pub = null;
        ZMQ.Socket rewindPub = null;
        try {
            router = socket(SocketType.ROUTER, config.bind());
            router.setMaxMsgSize(config.maxRequestBytes());
            pub = socket(SocketType.PUB, config.publish());
            if (config.rewindStream() != null) {
                rewindPub = socket(SocketType.PUB, config.rewindStream());
            }
            List<String> endpoints = new ArrayList<>();
            endpoints.add(router.getLastEndpoint());
            endpoints.add(pub.getLastEndpoint());
            endpoints.add(rewindPub == null ? null : rewindPub.getLastEndpoint());
            started.complete(endpoints);
            loop(router, pub, rewindPub);
        } catch (RuntimeException e) {
            if (!started.completeExceptionally(e) && running) {
                throw e;
            }
        } finally {
            closeQuietly(router);
            closeQuietly(pub);
            closeQuietly(rewindPub);
            wakeup.close();
        }
    }

    private void loop(ZMQ.Socket router, ZMQ.Socket pub, ZMQ.Socket rewindPub) {
        ZMQ.Poller poller = context.createPoller(2);
        try {
            poller.register(router, ZMQ.Poller.POLLIN);
            poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
            long nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
            while (running) {
                poller.poll(HEARTBEAT_MILLIS);
                wakeup.drain();
                for (int i = 0; i < BURST; i++) {
                    List<byte[]> request = Frames.receive(router, ZMQ.DONTWAIT);
                    if (request == null) {
                        break;
                    }
                    dispatch(request);
                }
                for (List<byte[]> reply = replies.poll(); reply != null; reply = replies.poll()) {
                    Frames.send(router, reply);
                }
                for (RecordedEvent event = committed.poll(); event != null; event = committed.poll()) {
                    publishEvent(pub, rewindPub, event);
                }
                if (System.currentTimeMillis() >= nextHeartbeat) {
                    Frames.send(pub, List.of(Protocol.HEARTBEAT_TOPIC, WireWriter.longFrame(lastPublished)));
                    nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
                }
            }
        } finally {
            poller.close();
        }
    }

    /** {@code request} is the routing id followed by the client's frames. */
    private void dispatch(List<byte[]> request) {
        byte[] routingId = request.get(0);
        List<byte[]> frames = request.subList(1, request.size());
        if (Frames.size(frames) > config.maxRequestBytes()) {
            reply(routingId, Protocol.error(frames.get(0), ErrorCode.TOO_LARGE, "The request is "
                    + Frames.size(frames) + " bytes; this hub accepts at most " + config.maxRequestBytes()
                    + " bytes per request. Split the append into smaller ones."));
            return;
        }
        try {
            workers.execute(() -> reply(routingId, handler.handle(frames)));
        } catch (RejectedExecutionException e) {
            reply(routingId, Protocol.error(frames.get(0), ErrorCode.UNAVAILABLE, "The hub is overloaded or"
                    + " shutting down; retry later."));
        }
    }

    private void reply(byte[] routingId, List<byte[]> frames) {
        List<byte[]> message = new ArrayList<>(frames.size() + 1);
        message.add(routingId);
        message.addAll(frames);
        replies.add(message);
        wakeup.signal();
    }

    private void publishEvent(ZMQ.Socket pub, ZMQ.Socket rewindPub, RecordedEvent event) {
        Frames.send(pub, List.of(Protocol.topic(event.category()), WireCodec.encodeRecorded(event)));
        lastPublished = event.globalPosition();
        if (rewindPub != null) {
            String id = event.eventId().toString();
            Frames.send(rewindPub, List.of(id.getBytes(UTF_8),
                    lastRewindId == null ? new byte[0] : lastRewindId.getBytes(UTF_8), event.data()));
            lastRewindId = id;
        }
    }

    private ZMQ.Socket socket(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        // A stalled handshake (seen rarely with JeroMQ on loopback) is dropped and retried instead of hanging for 30 s.
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        socket.setSndHWM(HIGH_WATER_MARK);
        socket.setRcvHWM(HIGH_WATER_MARK);
        if (config.curve() != null) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(config.curve().secretKeyBytes());
        }
        try {
            socket.bind(endpoint);
        } catch (RuntimeException e) {
            context.destroySocket(socket);
            throw new IllegalStateException("Cannot listen on " + endpoint + " (" + Protocol.describe(e)
                    + "); is another hub running there? Choose another endpoint or stop the other process.", e);
        }
        return socket;
    }

    private void closeQuietly(ZMQ.Socket socket) {
        if (socket != null) {
            context.destroySocket(socket);
        }
    }
}
