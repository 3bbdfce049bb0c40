package dev.rewind.bus.internal.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.HubConfig;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.wire.ErrorCode;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.bus.internal.zmq.BoundedMsgAllocator;
import dev.rewind.bus.internal.zmq.Wakeup;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.GlobalLogReader;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The hub's I/O thread: the only user of the ROUTER socket (requests), the PUB socket (live events) and the Rewind
 * PUB socket. The appends read in one turn are committed together on this thread ({@code EventStore.appendEach}):
 * no hand-off to a writer and back, and appends that arrive meanwhile form the next group. Reads go to worker
 * threads. Replies come back through a queue and a {@link Wakeup}, so no socket is ever touched by two
 * threads. After each commit the store calls back, and this thread reads the new events from the global log and
 * publishes them: publishing costs no thread hand-off of its own, and what is published is always what is stored.
 */
public final class HubIoLoop implements Runnable {

    public static final int HEARTBEAT_MILLIS = 200;
    private static final int HIGH_WATER_MARK = 100_000;
    private static final int BURST = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(HubIoLoop.class);
    /** The largest frame a subscriber may send to a PUB socket (a subscription is a topic prefix). */
    public static final long MAX_SUBSCRIPTION_BYTES = 64 << 10;

    private final ZContext context;
    private final HubConfig config;
    private final RequestHandler handler;
    private final ExecutorService workers;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<List<byte[]>> replies = new ConcurrentLinkedQueue<>();
    private final GlobalLogReader log;
    private final List<byte[]> gatheredRoutes = new ArrayList<>();
    private final List<List<byte[]>> gatheredAppends = new ArrayList<>();
    private final CompletableFuture<List<String>> started = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile boolean commitsPending;
    private volatile Thread ioThread;
    private long lastPublished;
    private String lastRewindId;

    public HubIoLoop(ZContext context, HubConfig config, RequestHandler handler, ExecutorService workers,
            GlobalLogReader log, long head, String lastEventId) {
        this.context = context;
        this.wakeup = new Wakeup(context);
        this.config = config;
        this.handler = handler;
        this.workers = workers;
        this.log = log;
        this.lastPublished = head;
        this.lastRewindId = lastEventId;
    }

    /** Completes with the bound endpoints (request, publish, Rewind stream or null) once the sockets listen. */
    public CompletableFuture<List<String>> started() {
        return started;
    }

    /** Called after a commit (on the committing thread): the I/O thread then reads and publishes what is new. */
    public void commitNoticed() {
        commitsPending = true;
        if (Thread.currentThread() != ioThread) {
            wakeup.signal();
        }
    }

    /** Asks the thread to close its sockets and end. */
    public void stop() {
        running = false;
        wakeup.signal();
    }

    @Override
    public void run() {
        ioThread = Thread.currentThread();
        ZMQ.Socket router = null;
        ZMQ.Socket pub = null;
        ZMQ.Socket rewindPub = null;
        try {
            router = socket(SocketType.ROUTER, config.bind(), config.maxRequestBytes());
            pub = socket(SocketType.PUB, config.publish(), MAX_SUBSCRIPTION_BYTES);
            if (config.rewindStream() != null) {
                rewindPub = socket(SocketType.PUB, config.rewindStream(), MAX_SUBSCRIPTION_BYTES);
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
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            long nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
            while (running) {
                poller.poll(commitsPending ? 0 : HEARTBEAT_MILLIS);
                wakeup.drain();
                for (int i = 0; i < BURST; i++) {
                    List<byte[]> request = Frames.receive(router, ZMQ.DONTWAIT);
                    if (request == null) {
                        break;
                    }
                    dispatch(request);
                }
                appendGathered();
                for (List<byte[]> reply = replies.poll(); reply != null; reply = replies.poll()) {
                    Frames.send(router, reply);
                }
                if (commitsPending) {
                    publishCommitted(pub, rewindPub);
                }
                if (System.currentTimeMillis() >= nextHeartbeat) {
                    Frames.send(pub, List.of(Protocol.HEARTBEAT_TOPIC, WireWriter.longFrame(lastPublished)));
                    nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
                    // also catches commits whose call-back could not be read (a failed read is retried here)
                    commitsPending = true;
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
        String operation = frames.size() < 2 ? "" : RequestHandler.operation(frames);
        if (operation.equals(Protocol.APPEND)) {
            append(routingId, frames);
        } else if (operation.equals(Protocol.PING) || operation.equals(Protocol.LIMITS)) {
            reply(routingId, handler.handle(frames));
        } else {
            try {
                workers.execute(() -> reply(routingId, handler.handle(frames)));
            } catch (RejectedExecutionException e) {
                overloaded(routingId, frames);
            }
        }
    }

    /** Keeps the append for {@link #appendGathered}, after this turn's requests are read. */
    private void append(byte[] routingId, List<byte[]> frames) {
        gatheredRoutes.add(routingId);
        gatheredAppends.add(frames);
    }

    /**
     * Appends this turn's appends together on this thread: the store commits them in one transaction, and the
     * replies go out in this turn. Requests that arrive meanwhile wait in the socket and form the next group.
     */
    private void appendGathered() {
        if (gatheredAppends.isEmpty()) {
            return;
        }
        try {
            List<List<byte[]>> answers = handler.appendEach(gatheredAppends);
            for (int i = 0; i < answers.size(); i++) {
                reply(gatheredRoutes.get(i), answers.get(i));
            }
        } catch (RuntimeException e) {
            // the handler turns store errors into error replies; this covers a failure of that step itself
            LOG.error("The hub failed to answer {} appends", gatheredAppends.size(), e);
            for (int i = 0; i < gatheredAppends.size(); i++) {
                reply(gatheredRoutes.get(i), Protocol.error(gatheredAppends.get(i).get(0), ErrorCode.UNAVAILABLE,
                        "The hub failed to answer the append (" + e + "); it may have been stored, so re-send it with"
                                + " the same event ids."));
            }
        } finally {
            gatheredRoutes.clear();
            gatheredAppends.clear();
        }
    }

    private void overloaded(byte[] routingId, List<byte[]> frames) {
        reply(routingId, Protocol.error(frames.get(0), ErrorCode.UNAVAILABLE, "The hub is overloaded or shutting"
                + " down; retry later."));
    }

    /** Queues a reply for the I/O thread; from another thread, also wakes it. */
    private void reply(byte[] routingId, List<byte[]> frames) {
        List<byte[]> message = new ArrayList<>(frames.size() + 1);
        message.add(routingId);
        message.addAll(frames);
        replies.add(message);
        if (Thread.currentThread() != ioThread) {
            wakeup.signal();
        }
    }

    /**
     * Publishes the next committed events, read from the store's global log after the last one published, so the
     * live feed is dense and in commit order whoever appended. A full batch leaves the flag set: the rest follows on
     * the next turn, after the requests that came in meanwhile.
     */
    private void publishCommitted(ZMQ.Socket pub, ZMQ.Socket rewindPub) {
        commitsPending = false;
        List<RecordedEvent> events;
        try {
            events = log.readAll(lastPublished + 1, BURST, EventFilter.all());
        } catch (RuntimeException e) {
            LOG.warn("Could not read committed events after position {} to publish them ({}); retrying shortly",
                    lastPublished, e.toString());
            return;
        }
        for (RecordedEvent event : events) {
            publishEvent(pub, rewindPub, event);
        }
        if (events.size() == BURST) {
            commitsPending = true;
        }
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

    private ZMQ.Socket socket(SocketType type, String endpoint, long maxFrameBytes) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        BoundedMsgAllocator.install(socket, maxFrameBytes);
        // A stalled handshake (seen rarely with JeroMQ on loopback) is dropped and retried instead of hanging for 30 s.
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setSndHWM(HIGH_WATER_MARK);
        socket.setRcvHWM(HIGH_WATER_MARK);
        if (config.curve() != null) {
            Curve.serve(socket, config.curve());
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
