package dev.rewind.bus.internal.rewind;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.HubConfig;
import dev.rewind.bus.internal.hub.RequestHandler;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.MalformedFrameException;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireReader;
import dev.rewind.bus.internal.zmq.BoundedMsgAllocator;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Rewind 0.3's query endpoint on a REP socket: {@code [PUBLISH, payload]} stores the payload as one event of stream
 * {@value #STREAM}; {@code [QUERY, from, to]} pages through the whole global log by event id. Anything else gets one
 * {@code ERROR ...} frame and the endpoint keeps serving. Its own thread alone owns the REP socket.
 *
 * <p>Rewind identifies events by id, the store by position: this endpoint keeps an id-to-position index in memory,
 * built on the first query and brought up to date before each query (about 80 bytes per stored event).
 */
public final class RewindEndpoint implements AutoCloseable {

    public static final String STREAM = "rewind";
    public static final String EVENT_TYPE = "RewindEvent";
    public static final int QUERY_PAGE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(RewindEndpoint.class);
    private static final byte[] END = "END".getBytes(US_ASCII);
    private static final byte[] PUBLISHED = "PUBLISHED".getBytes(US_ASCII);

    private final ZContext context;
    private final EventStore store;
    private final HubConfig config;
    private final Thread thread;
    private final CompletableFuture<String> bound = new CompletableFuture<>();
    private final Map<UUID, Long> positions = new HashMap<>();
    private long indexedUpTo;
    private volatile boolean running = true;

    public RewindEndpoint(ZContext context, EventStore store, HubConfig config) {
        this.context = context;
        this.store = store;
        this.config = config;
        this.thread = new Thread(this::run, "rewind-hub-rewind-query");
        this.thread.setDaemon(true);
    }

    public void start() throws InterruptedException {
        thread.start();
        try {
            bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("The Rewind query endpoint did not start within 10 s");
        }
    }

    public String endpoint() {
        return bound.getNow(null);
    }

    private void run() {
        ZMQ.Socket socket = context.createSocket(SocketType.REP);
        try {
            socket.setLinger(0);
            socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
            socket.setReceiveTimeOut(100);
            BoundedMsgAllocator.install(socket, config.maxRequestBytes());
            if (config.curve() != null) {
                Curve.serve(socket, config.curve());
            }
            try {
                socket.bind(config.rewindQuery());
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot listen on " + config.rewindQuery() + " (" + Protocol.describe(e)
                        + "); choose another --rewind-query endpoint or stop the process using it.", e);
            }
            bound.complete(socket.getLastEndpoint());
            while (running) {
                List<byte[]> request = Frames.receive(socket, 0);
                if (request != null) {
                    Frames.send(socket, answer(request));
                }
            }
        } catch (RuntimeException e) {
            if (!bound.completeExceptionally(e) && running) {
                LOG.error("The Rewind query endpoint stopped", e);
            }
        } finally {
            context.destroySocket(socket);
        }
    }

    public List<byte[]> answer(List<byte[]> request) {
        String type = new String(request.get(0), US_ASCII);
        try {
            if (type.equals("PUBLISH")) {
                return request.size() == 2 ? publish(request.get(1))
                        : error("PUBLISH takes 2 frames (PUBLISH, payload), got " + request.size());
            }
            if (type.equals("QUERY")) {
                return request.size() == 3 ? query(request.get(1), request.get(2))
                        : error("QUERY takes 3 frames (QUERY, from id, to id), got " + request.size());
            }
            return error("unknown request type '" + RequestHandler.printable(type) + "'; use PUBLISH or QUERY");
        } catch (MalformedFrameException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Rewind request failed", e);
            return error("the store failed: " + e.getMessage());
        }
    }

    private List<byte[]> publish(byte[] payload) {
        if (payload.length > store.limits().maxEventBytes()) {
            return error("payload is " + payload.length + " bytes; the limit is " + store.limits().maxEventBytes());
        }
        NewEvent event = new NewEvent(UUID.randomUUID(), EVENT_TYPE, payload, Metadata.empty());
        AppendResult result = store.append(STREAM, ExpectedVersion.any(), List.of(event));
        if (indexedUpTo == result.firstPosition() - 1) {
            positions.put(event.eventId(), result.firstPosition());
            indexedUpTo = result.firstPosition();
        }
        return List.of(PUBLISHED);
    }

    private List<byte[]> query(byte[] fromFrame, byte[] toFrame) {
        String from = WireReader.decodeUtf8(fromFrame, "from id");
        String to = WireReader.decodeUtf8(toFrame, "to id");
        catchUpIndex();
        long fromPosition = from.isEmpty() ? 0 : positionOf(from);
        long toPosition = to.isEmpty() ? Long.MAX_VALUE : positionOf(to);
        if (fromPosition < 0 || toPosition < 0) {
            return error("unknown id '" + RequestHandler.printable(fromPosition < 0 ? from : to) + "'");
        }
        if (fromPosition > toPosition) {
            return error("from id " + from + " comes after to id " + to);
        }
        List<byte[]> reply = new ArrayList<>();
        int count = 0;
        if (fromPosition < toPosition) {
            for (RecordedEvent event : store.readAll(fromPosition + 1, QUERY_PAGE)) {
                if (event.globalPosition() > toPosition) {
                    break;
                }
                reply.add(event.eventId().toString().getBytes(UTF_8));
                reply.add(event.data());
                count++;
            }
        }
        if (count < QUERY_PAGE) {
            reply.add(END);
        }
        return reply;
    }

    private long positionOf(String id) {
        if (id.length() != 36) {
            return -1;
        }
        try {
            UUID uuid = UUID.fromString(id);
            Long position = uuid.toString().equals(id) ? positions.get(uuid) : null;
            return position == null ? -1 : position;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private void catchUpIndex() {
        long head = store.headPosition();
        while (indexedUpTo < head) {
            List<RecordedEvent> page = store.readAll(indexedUpTo + 1, 1_000);
            if (page.isEmpty()) {
                return;
            }
            for (RecordedEvent event : page) {
                positions.put(event.eventId(), event.globalPosition());
                indexedUpTo = event.globalPosition();
            }
        }
    }

    private static List<byte[]> error(String message) {
        return List.of(("ERROR " + message).getBytes(UTF_8));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
