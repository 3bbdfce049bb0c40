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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A client's requests, pipelined: callers on any thread queue a request and get the future of its reply; one I/O
 * thread, the only user of the DEALER sockets (one per hub), sends the requests in the order they came and completes
 * each future when the reply with its request id arrives, so any number of requests up to
 * {@link RemoteStoreConfig#maxInFlight()} are in flight at once. Synchronous calls are {@link #await} of the same.
 *
 * <p>Requests go to the current hub ({@link HubFailover}). When a request sent to a hub has had no reply within the
 * fail-over time and the hub has answered nothing else meanwhile either (a hub that is slow but answering is not
 * left: that would throw its replies away and load it with the same requests again), that hub is reported failed,
 * its socket is replaced (dropping what it still queued),
 * and every request in flight there is sent again, in its original order, ahead of newer requests, with the same
 * request id and event ids, to whichever hub is current then: the store applies each append once. A request with no
 * reply within the request timeout, counted from the call, fails with {@link HubUnavailableException}; so does every
 * request still open when the pipeline closes. Futures are completed on the I/O thread.
 */
public final class RequestPipeline implements AutoCloseable {

    private static final int BURST = 1_000;
    private static final int WAIT_SLICE_MILLIS = 100;

    private final ZContext context;
    private final RemoteStoreConfig config;
    private final HubFailover failover;
    private final Wakeup wakeup;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Request> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    // owned by the I/O thread
    private final ZMQ.Socket[] sockets;
    private final Map<Long, Request> open = new HashMap<>();
    private final ArrayDeque<Request> unsent = new ArrayDeque<>();
    private final ArrayDeque<Attempt> sent = new ArrayDeque<>();
    private final long[] lastHeard;
    private ZMQ.Poller poller;

    /** A request until its reply: sent to {@code hub} ({@code -1} while unsent) in its attempt {@code attempts}. */
    private static final class Request {
        final long id;
        final List<byte[]> frames;
        final CompletableFuture<List<byte[]>> reply = new CompletableFuture<>();
        final long deadline;
        int hub = -1;
        int attempts;

        Request(long id, List<byte[]> frames, long deadline) {
            this.id = id;
            this.frames = frames;
            this.deadline = deadline;
        }
    }

    /**
     * One sending of a request, in the order of sending, until {@code end} (the fail-over time or the request's
     * deadline); stale once the request is answered or sent again.
     */
    private record Attempt(Request request, int number, long sentAt, long end) {
        boolean live() {
            return request.attempts == number && !request.reply.isDone();
        }
    }

    /**
     * Connects a socket to each hub and starts the I/O thread.
     *
     * @throws IllegalArgumentException if an endpoint is not a valid ZeroMQ endpoint
     */
    public RequestPipeline(ZContext context, RemoteStoreConfig config, HubFailover failover, String name) {
        this.context = context;
        this.config = config;
        this.failover = failover;
        this.permits = new Semaphore(config.maxInFlight());
        this.sockets = new ZMQ.Socket[config.hubs().size()];
        this.lastHeard = new long[sockets.length];
        try {
            for (int hub = 0; hub < sockets.length; hub++) {
                sockets[hub] = connect(hub);
            }
        } catch (RuntimeException e) {
            for (ZMQ.Socket socket : sockets) {
                if (socket != null) {
                    context.destroySocket(socket);
                }
            }
            throw e;
        }
        this.wakeup = new Wakeup(context);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code [operation][arguments...]} and returns the future of the reply frames after the request id. Waits
     * while {@link RemoteStoreConfig#maxInFlight()} requests are open (the future fails with
     * {@link HubUnavailableException} if none completes within the request timeout); on the I/O thread itself it
     * fails at once instead of waiting.
     */
    public CompletableFuture<List<byte[]>> call(List<byte[]> request) {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        long id = ids.incrementAndGet();
        List<byte[]> frames = new ArrayList<>(request.size() + 1);
        frames.add(WireWriter.longFrame(id));
        frames.addAll(request);
        Request queued = new Request(id, frames, deadline);
        HubUnavailableException refused = acquire(deadline);
        if (refused != null) {
            queued.reply.completeExceptionally(refused);
            return queued.reply;
        }
        inbox.add(queued);
        wakeup.signal();
        if (closed) {
            failQueued();
        }
        return queued.reply;
    }

    /**
     * Waits for a reply of {@link #call} and returns it, or throws what it failed with.
     *
     * @throws IllegalStateException on the I/O thread, which would wait for itself
     */
    public <T> T await(CompletableFuture<T> reply) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("A blocking call of the remote event store was made in a callback of a"
                    + " future it returned, on its I/O thread, which would wait for itself. Use the async call, or"
                    + " give the callback an executor (thenApplyAsync(fn, executor)).");
        }
        try {
            return reply.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private HubUnavailableException acquire(long deadline) {
        try {
            if (permits.tryAcquire()) {
                return closed ? released(closed()) : null;
            }
            while (Thread.currentThread() != thread && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (permits.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS)),
                        TimeUnit.NANOSECONDS)) {
                    return closed ? released(closed()) : null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HubUnavailableException("Interrupted while waiting for one of the "
                    + config.maxInFlight() + " requests in flight to complete; nothing was sent.");
        }
        return closed ? closed() : new HubUnavailableException(config.maxInFlight() + " requests were in flight"
                + " (RemoteStoreConfig.maxInFlight) and none completed within " + config.requestTimeout().toMillis()
                + " ms" + (Thread.currentThread() == thread ? " (a call on the client's I/O thread does not wait)"
                : "") + "; nothing was sent. Wait for replies before sending more, or raise maxInFlight.");
    }

    private HubUnavailableException released(HubUnavailableException e) {
        permits.release();
        return e;
    }

    private void run() {
        poller = context.createPoller(sockets.length + 1);
        try {
            for (ZMQ.Socket socket : sockets) {
                poller.register(socket, ZMQ.Poller.POLLIN);
            }
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            while (!closed) {
                poller.poll(pollMillis());
                wakeup.drain();
                for (Request request = inbox.poll(); request != null; request = inbox.poll()) {
                    open.put(request.id, request);
                    unsent.add(request);
                }
                expire();
                sendWaiting();
                for (int hub = 0; hub < sockets.length; hub++) {
                    receive(hub);
                }
            }
        } catch (RuntimeException | AssertionError e) {
            // a ZeroMQ failure (the context ending, a JeroMQ assertion on a closing pipe): every open request fails
            closed = true;
            failOpen(new HubUnavailableException("The client's connection failed (" + e + "); an append may"
                    + " still have been stored, so re-send it with the same event ids."));
        } finally {
            failOpen(closed());
            poller.close();
            for (ZMQ.Socket socket : sockets) {
                context.destroySocket(socket);
            }
            wakeup.close();
            failQueued();
        }
    }

    private long pollMillis() {
        if (!unsent.isEmpty()) {
            return 1;
        }
        Attempt oldest = sent.peekFirst();
        return oldest == null ? 1_000 : Math.max(1, Math.min(1_000, (oldest.end() - System.nanoTime()) / 1_000_000));
    }

    /** Sends what the current hub's socket takes now, oldest first. */
    private void sendWaiting() {
        int hub = failover.current();
        long failoverNanos = config.failoverAfter().toNanos();
        while (!unsent.isEmpty()) {
            Request request = unsent.peekFirst();
            if (request.reply.isDone()) {
                unsent.pollFirst();
            } else if (request.deadline - System.nanoTime() <= 0) {
                unsent.pollFirst();
                finish(request).completeExceptionally(timedOut());
            } else if (Frames.send(sockets[hub], request.frames)) {
                unsent.pollFirst();
                request.hub = hub;
                request.attempts++;
                long now = System.nanoTime();
                sent.add(new Attempt(request, request.attempts, now, Math.min(request.deadline, now + failoverNanos)));
            } else {
                return;
            }
        }
    }

    private void receive(int hub) {
        for (int i = 0; i < BURST; i++) {
            List<byte[]> reply = Frames.receive(sockets[hub], ZMQ.DONTWAIT);
            if (reply == null) {
                return;
            }
            Request request = reply.get(0).length == 8 ? open.get(ByteBuffer.wrap(reply.get(0)).getLong()) : null;
            lastHeard[hub] = System.nanoTime();
            if (request != null) {
                failover.answered(hub);
                finish(request).complete(reply.subList(1, reply.size()));
            }
        }
    }

    /**
     * Fails requests past their deadline; when the oldest attempt on a hub got no reply in the fail-over time, moves
     * off that hub and queues everything in flight there to be sent again, in order, ahead of the rest; if the hub
     * answered other requests meanwhile, it is only slow: the request waits on, and fails alone at its deadline.
     */
    private void expire() {
        long now = System.nanoTime();
        long failoverNanos = config.failoverAfter().toNanos();
        while (!sent.isEmpty()) {
            Attempt oldest = sent.peekFirst();
            if (!oldest.live()) {
                sent.pollFirst();
                continue;
            }
            if (oldest.end() - now > 0) {
                break;
            }
            Request request = oldest.request();
            long heard = Math.max(oldest.sentAt(), lastHeard[request.hub]);
            if (now - heard >= failoverNanos) {
                abandon(request.hub);
            } else if (request.deadline - now <= 0) {
                sent.pollFirst();
                finish(request).completeExceptionally(timedOut());
            } else {
                // its hub answered other requests meanwhile: slow, not gone; look again once it has been silent
                sent.pollFirst();
                sent.add(new Attempt(request, oldest.number(), oldest.sentAt(),
                        Math.min(request.deadline, heard + failoverNanos)));
            }
        }
        while (!unsent.isEmpty() && unsent.peekFirst().deadline - now <= 0) {
            Request late = unsent.pollFirst();
            if (!late.reply.isDone()) {
                finish(late).completeExceptionally(timedOut());
            }
        }
    }

    /** Marks every attempt in flight on {@code hub} stale and queues its request first; replaces the hub's socket. */
    private void abandon(int hub) {
        failover.failed(hub, "no reply within " + config.failoverAfter().toMillis() + " ms");
        List<Request> again = new ArrayList<>();
        for (Attempt attempt : sent) {
            Request request = attempt.request();
            if (attempt.live() && request.hub == hub) {
                request.hub = -1;
                request.attempts++;
                again.add(request);
            }
        }
        again.sort(Comparator.comparingLong(request -> request.id));
        for (int i = again.size() - 1; i >= 0; i--) {
            unsent.addFirst(again.get(i));
        }
        ZMQ.Socket old = sockets[hub];
        poller.unregister(old);
        context.destroySocket(old);
        sockets[hub] = connect(hub);
        poller.register(sockets[hub], ZMQ.Poller.POLLIN);
    }

    private CompletableFuture<List<byte[]>> finish(Request request) {
        open.remove(request.id);
        permits.release();
        return request.reply;
    }

    private void failOpen(HubUnavailableException e) {
        for (Request request : List.copyOf(open.values())) {
            finish(request).completeExceptionally(e);
        }
        unsent.clear();
        sent.clear();
    }

    /** Fails requests queued after the I/O thread stopped taking them (their callers raced with close). */
    private void failQueued() {
        for (Request request = inbox.poll(); request != null; request = inbox.poll()) {
            permits.release();
            request.reply.completeExceptionally(closed());
        }
    }

    private ZMQ.Socket connect(int hub) {
        String endpoint = failover.hub(hub).requests();
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setSndHWM(Math.max(1_000, config.maxInFlight()));
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
        return socket;
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

    /** Fails every open request and new calls, closes the sockets and ends the I/O thread (waiting up to 5 s). */
    @Override
    public void close() {
        closed = true;
        wakeup.signal();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
    }
}
