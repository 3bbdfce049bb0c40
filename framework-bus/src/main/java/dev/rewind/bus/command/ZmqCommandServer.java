package dev.rewind.bus.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.internal.route.NotOwnerException;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.security.ZapHandler;
import dev.rewind.bus.internal.wire.CommandCodec;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.MalformedFrameException;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.zmq.BoundedClose;
import dev.rewind.bus.internal.zmq.BoundedMsgAllocator;
import dev.rewind.bus.internal.zmq.Wakeup;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.NoHandlerException;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.serialization.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Serves a write-side service's {@link CommandBus} to other processes: commands arrive on a ROUTER socket, run on
 * worker threads, and their results or errors (rejected, conflict, no handler, invalid) go back to the sender. Its
 * I/O thread alone owns the socket. Pair it with {@link ZmqCommandGateway} on the sending side.
 *
 * <pre>{@code
 * try (ZmqCommandServer server = ZmqCommandServer.start(commandBus, commandTypes, mapper, "tcp://127.0.0.1:5560")) {
 *     ...
 * }
 * }</pre>
 */
public final class ZmqCommandServer implements AutoCloseable {

    /** The largest frame a client may send; a larger one (or a malformed one) drops that client's connection. */
    public static final long MAX_FRAME_BYTES = 64L << 20;

    private static final Duration CONTEXT_CLOSE_LIMIT = Duration.ofSeconds(5);

    private final ZContext context = new ZContext();
    private final CommandBus bus;
    private final CommandCodec codec;
    private final ThreadPoolExecutor workers;
    private final Wakeup wakeup = new Wakeup(context);
    private final ConcurrentLinkedQueue<List<byte[]>> replies = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<String> bound = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    private final CurveServerKeys curve;
    private ZapHandler zap;

    private ZmqCommandServer(CommandBus bus, CommandCodec codec, String endpoint, CurveServerKeys curve) {
        this.bus = bus;
        this.codec = codec;
        this.curve = curve;
        this.workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                runnable -> {
                    Thread worker = new Thread(runnable, "rewind-command-worker");
                    worker.setDaemon(true);
                    return worker;
                });
        this.thread = new Thread(() -> run(endpoint), "rewind-command-server");
        this.thread.setDaemon(true);
    }

    /**
     * Binds the endpoint and starts serving; command type names come from {@code commandTypes} and payloads are JSON
     * written and read with {@code mapper}.
     *
     * @throws IllegalStateException if the endpoint cannot be bound
     */
    public static ZmqCommandServer start(CommandBus bus, EventTypes commandTypes, ObjectMapper mapper,
            String endpoint) {
        return start(bus, commandTypes, mapper, endpoint, null);
    }

    /**
     * Like {@link #start(CommandBus, EventTypes, ObjectMapper, String)}, secured with CURVE as a hub is: only clients
     * whose public key {@code curve} allows get an answer ({@code null} for no CURVE).
     *
     * @throws IllegalStateException if the endpoint cannot be bound
     */
    public static ZmqCommandServer start(CommandBus bus, EventTypes commandTypes, ObjectMapper mapper,
            String endpoint, CurveServerKeys curve) {
        ZmqCommandServer server = new ZmqCommandServer(Objects.requireNonNull(bus, "bus must not be null"),
                new CommandCodec(commandTypes, mapper), Objects.requireNonNull(endpoint, "endpoint must not be null"),
                curve);
        try {
            if (curve != null) {
                server.zap = new ZapHandler(server.context, curve);
                server.zap.start();
            }
            server.thread.start();
            server.bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            server.close();
            throw new IllegalStateException("The command server did not start on " + endpoint + ": "
                    + (e instanceof ExecutionException ? e.getCause().getMessage() : e.toString()), e);
        }
        return server;
    }

    /** The bound endpoint, with the actual port. */
    public String endpoint() {
        return bound.getNow(null);
    }

    private void run(String endpoint) {
        ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        ZMQ.Poller poller = context.createPoller(2);
        try {
            router.setLinger(0);
            router.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
            BoundedMsgAllocator.install(router, MAX_FRAME_BYTES);
            if (curve != null) {
                Curve.serve(router, curve);
            }
            router.bind(endpoint);
            poller.register(router, ZMQ.Poller.POLLIN);
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            bound.complete(router.getLastEndpoint());
            while (running) {
                poller.poll(1_000);
                wakeup.drain();
                for (List<byte[]> request = Frames.receive(router, ZMQ.DONTWAIT); request != null;
                        request = Frames.receive(router, ZMQ.DONTWAIT)) {
                    dispatch(request);
                }
                for (List<byte[]> reply = replies.poll(); reply != null; reply = replies.poll()) {
                    Frames.send(router, reply);
                }
            }
        } catch (RuntimeException e) {
            bound.completeExceptionally(new IllegalStateException(Protocol.describe(e), e));
        } finally {
            poller.close();
            context.destroySocket(router);
        }
    }

    private void dispatch(List<byte[]> request) {
        byte[] routingId = request.get(0);
        List<byte[]> frames = request.subList(1, request.size());
        try {
            workers.execute(() -> reply(routingId, handle(frames)));
        } catch (RejectedExecutionException e) {
            reply(routingId, CommandCodec.error(frames.get(0), CommandErrorCode.UNAVAILABLE,
                    "The service is overloaded or stopping; retry later.", ""));
        }
    }

    private List<byte[]> handle(List<byte[]> frames) {
        byte[] requestId = frames.get(0);
        if (frames.size() < 2 || !CommandCodec.COMMAND.equals(new String(frames.get(1),
                StandardCharsets.US_ASCII))) {
            return CommandCodec.error(requestId, frames.size() < 2 ? CommandErrorCode.INVALID_REQUEST
                    : CommandErrorCode.UNKNOWN_REQUEST, "A command request is [id][COMMAND][type][payload][command id]"
                    + "[metadata]; see docs/protocol.md.", "");
        }
        try {
            CommandMessage message = codec.decodeRequest(frames.subList(2, frames.size()));
            return codec.encodeResult(requestId, bus.send(message));
        } catch (MalformedFrameException e) {
            return CommandCodec.error(requestId, CommandErrorCode.INVALID_REQUEST, e.getMessage(), "");
        } catch (NotOwnerException e) {
            return CommandCodec.error(requestId, CommandErrorCode.NOT_OWNER, e.getMessage(), "");
        } catch (NoHandlerException e) {
            return CommandCodec.error(requestId, CommandErrorCode.NO_HANDLER, e.getMessage(), name(e));
        } catch (CommandConflictException e) {
            return CommandCodec.error(requestId, CommandErrorCode.CONFLICT, e.getMessage(), name(e));
        } catch (EventStoreException e) {
            return CommandCodec.error(requestId, CommandErrorCode.UNAVAILABLE, e.getMessage(), name(e));
        } catch (RuntimeException e) {
            return CommandCodec.error(requestId, CommandErrorCode.REJECTED, String.valueOf(e.getMessage()), name(e));
        }
    }

    private static String name(Exception e) {
        return e.getClass().getName();
    }

    private void reply(byte[] routingId, List<byte[]> frames) {
        List<byte[]> message = new ArrayList<>(frames.size() + 1);
        message.add(routingId);
        message.addAll(frames);
        replies.add(message);
        wakeup.signal();
    }

    /** Stops serving: closes the socket, then the context. Commands still running finish without a reply. */
    @Override
    public void close() {
        running = false;
        wakeup.signal();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        wakeup.close();
        if (zap != null) {
            zap.close();
        }
        BoundedClose.run("the command server's ZeroMQ context", CONTEXT_CLOSE_LIMIT, context::close);
    }
}
