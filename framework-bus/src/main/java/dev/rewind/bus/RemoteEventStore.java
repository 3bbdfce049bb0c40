package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.internal.client.HubFailover;
import dev.rewind.bus.internal.client.RemoteSubscription;
import dev.rewind.bus.internal.client.RequestPipeline;
import dev.rewind.bus.internal.wire.ErrorCode;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireReader;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InvalidAppendException;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.zeromq.ZContext;

/**
 * An {@link EventStore} served by one or more {@link Hub}s: every call is a request to a hub, and live subscriptions
 * follow a hub's published events, filling any gap from the store. When a hub stops answering, calls and
 * subscriptions move to the next hub of {@link RemoteStoreConfig#hubs()} (see there for the times); an append whose
 * outcome is unknown is re-sent with the same event ids, so it is stored once. Thread-safe: calls from any thread are
 * queued to one I/O thread that owns the sockets and keeps many requests in flight ({@link #appendAsync}); the
 * blocking calls wait for their reply.
 *
 * <pre>{@code
 * try (RemoteEventStore store = RemoteEventStore.connect(
 *         RemoteStoreConfig.of("tcp://127.0.0.1:5555", "tcp://127.0.0.1:5556"))) {
 *     store.append("account-1", ExpectedVersion.noStream(), List.of(NewEvent.of("AccountOpened.v1", json)));
 * }
 * }</pre>
 */
public final class RemoteEventStore implements EventStore {

    private final RemoteStoreConfig config;
    private final ZContext context = new ZContext();
    private final HubFailover failover;
    private final RequestPipeline pipeline;
    private final Set<RemoteSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile RemoteLimits limits;

    private RemoteEventStore(RemoteStoreConfig config) {
        this.config = config;
        this.failover = new HubFailover(config.hubs(), "The remote event store");
        try {
            this.pipeline = new RequestPipeline(context, config, failover, "rewind-remote-store");
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Connects to the hubs. Connecting does not wait for them: the first request does (up to the request timeout).
     *
     * @throws IllegalArgumentException if the endpoint is not a valid ZeroMQ endpoint
     */
    public static RemoteEventStore connect(RemoteStoreConfig config) {
        return new RemoteEventStore(Objects.requireNonNull(config, "config must not be null"));
    }

    /** Asks the hub for its protocol name; a cheap liveness check. */
    public String ping() {
        return new String(ok(request(List.of(Protocol.ascii(Protocol.PING))), "PING").get(0), UTF_8);
    }

    @Override
    public StoreLimits limits() {
        return remoteLimits().store();
    }

    private RemoteLimits remoteLimits() {
        RemoteLimits known = limits;
        if (known == null) {
            List<byte[]> body = ok(request(List.of(Protocol.ascii(Protocol.LIMITS))), "LIMITS");
            WireReader in = new WireReader(body.get(0), "limits");
            known = new RemoteLimits(new StoreLimits(in.readInt(), in.readInt(), in.readInt(), in.readInt()),
                    in.readLong());
            limits = known;
        }
        return known;
    }

    /**
     * Appends and waits: {@link #appendAsync} joined, so it keeps the same promises.
     *
     * @throws HubUnavailableException if no hub answered within the request timeout, or the store closed; the append
     *     may have been stored, so re-send it with the same event ids
     * @throws IllegalStateException if called in a callback of a future this store returned, without an executor
     */
    @Override
    public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        return pipeline.await(appendAsync(streamId, expected, events));
    }

    /**
     * Sends the append and returns at once with its future, so one thread can keep many appends in flight; the hub
     * commits those that arrive together in one group. The future completes with the result once the events are
     * committed, or with the exception {@link #append} would throw: {@link WrongExpectedVersionException},
     * {@link DuplicateEventIdException}, {@link InvalidAppendException} (also for a bad request, before anything is
     * sent), or {@link HubUnavailableException} when no hub answered within
     * {@link RemoteStoreConfig#requestTimeout()} or the store was closed first. It always completes: an append that
     * its hub leaves unanswered for {@link RemoteStoreConfig#failoverAfter()} is sent again, with the same event ids,
     * to the next hub, so it is stored once.
     *
     * <p>Appends from one thread are sent in the order of the calls, and re-sent in that order after a fail-over, so
     * appends to one stream with exact expected versions may be in flight together. At most
     * {@link RemoteStoreConfig#maxInFlight()} requests of this store are open at once: a further call waits here
     * until one completes (its future fails with {@link HubUnavailableException} if none does within the request
     * timeout). Futures complete on this store's I/O thread: callbacks given without an executor run there and must
     * not block; a blocking call of this store made there throws {@link IllegalStateException}.
     *
     * <pre>{@code
     * List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
     * for (NewEvent event : events) {
     *     appends.add(store.appendAsync("account-1", ExpectedVersion.exactly(version++), List.of(event)));
     * }
     * CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
     * }</pre>
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        List<byte[]> request;
        try {
            request = appendRequest(streamId, expected, events);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        pipeline.call(request).whenComplete((reply, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else if (isError(reply)) {
                result.completeExceptionally(appendError(streamId, reply));
            } else {
                try {
                    result.complete(WireCodec.decodeAppendResult(streamId, reply.get(1)));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /** The APPEND request, checked against the hub's limits. */
    private List<byte[]> appendRequest(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        RemoteLimits known = remoteLimits();
        known.store().check(streamId, expected, events);
        List<byte[]> request = new ArrayList<>(events.size() + 3);
        request.add(Protocol.ascii(Protocol.APPEND));
        request.add(streamId.getBytes(UTF_8));
        request.add(WireWriter.longFrame(WireCodec.encodeExpected(expected)));
        for (NewEvent event : events) {
            request.add(WireCodec.encodeNewEvent(event));
        }
        long size = Frames.size(request) + 8;
        if (size > known.maxRequestBytes()) {
            throw new InvalidAppendException("The append to stream '" + streamId + "' is " + size + " bytes on the"
                    + " wire; the hub accepts at most " + known.maxRequestBytes() + " bytes per request. Split it"
                    + " into smaller appends.");
        }
        return request;
    }

    @Override
    public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        checkRead(fromVersion, 0, maxCount, "version");
        List<RecordedEvent> result = new ArrayList<>();
        long from = fromVersion;
        int remaining = maxCount;
        while (true) {
            List<byte[]> body = ok(request(List.of(Protocol.ascii(Protocol.READ_STREAM), streamId.getBytes(UTF_8),
                    WireWriter.longFrame(from), WireWriter.intFrame(remaining))), "READ_STREAM");
            int before = result.size();
            boolean complete = decodePage(body, result);
            if (complete || result.size() == before) {
                return result;
            }
            remaining -= result.size() - before;
            from = result.get(result.size() - 1).streamVersion() + 1;
        }
    }

    @Override
    public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
        checkRead(fromPosition, 1, maxCount, "position");
        Objects.requireNonNull(filter, "filter must not be null (use EventFilter.all())");
        byte[] categories = new WireWriter(64).writeStrings(filter.categories()).toBytes();
        byte[] types = new WireWriter(64).writeStrings(filter.eventTypes()).toBytes();
        List<RecordedEvent> result = new ArrayList<>();
        long from = fromPosition;
        int remaining = maxCount;
        while (true) {
            List<byte[]> body = ok(request(List.of(Protocol.ascii(Protocol.READ_ALL), WireWriter.longFrame(from),
                    WireWriter.intFrame(remaining), categories, types)), "READ_ALL");
            int before = result.size();
            boolean complete = decodePage(body, result);
            if (complete || result.size() == before) {
                return result;
            }
            remaining -= result.size() - before;
            from = result.get(result.size() - 1).globalPosition() + 1;
        }
    }

    @Override
    public long headPosition() {
        return WireReader.longFrame(ok(request(List.of(Protocol.ascii(Protocol.HEAD))), "HEAD").get(0), "head");
    }

    /**
     * Subscribes to the hub's live events from {@code fromPosition}: stored events first, then each event as the hub
     * publishes it. A jump in positions, a reconnect or a hub restart is filled from the store, so the listener sees
     * every matching event once, in order.
     */
    @Override
    public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
        if (fromPosition < 1) {
            throw new IllegalArgumentException("A subscription starts at position 1 or later, got " + fromPosition);
        }
        RemoteSubscription subscription = new RemoteSubscription(this, context, config, failover, fromPosition,
                Objects.requireNonNull(filter, "filter must not be null"),
                Objects.requireNonNull(listener, "listener must not be null"), subscriptions::remove);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    /** Stops every subscription, then the connection. Requests still waiting fail with HubUnavailableException. */
    @Override
    public void close() {
        for (RemoteSubscription subscription : List.copyOf(subscriptions)) {
            subscription.close();
        }
        pipeline.close();
        context.close();
    }

    /** Sends one request and waits for its reply frames (status first). */
    private List<byte[]> request(List<byte[]> frames) {
        return pipeline.await(pipeline.call(frames));
    }

    /** The body frames of an OK reply; an error reply is thrown as the matching exception. */
    private static List<byte[]> ok(List<byte[]> reply, String operation) {
        if (isError(reply)) {
            ErrorCode code = ErrorCode.parse(text(reply, 1));
            String message = text(reply, 2);
            if (code == ErrorCode.INVALID_REQUEST) {
                throw new IllegalArgumentException(message);
            }
            throw code == ErrorCode.UNAVAILABLE ? new HubUnavailableException(message)
                    : new EventStoreException(operation + " failed with " + code + ": " + message);
        }
        if (reply.isEmpty() || !Arrays.equals(reply.get(0), Protocol.OK)) {
            throw new HubUnavailableException("The hub sent a reply this client does not understand to " + operation
                    + "; check that both run the same protocol version.");
        }
        return reply.subList(1, reply.size());
    }

    private static RuntimeException appendError(String streamId, List<byte[]> reply) {
        ErrorCode code = ErrorCode.parse(text(reply, 1));
        String message = text(reply, 2);
        switch (code) {
            case CONFLICT:
                if (reply.size() == 6) {
                    return new WrongExpectedVersionException(new String(reply.get(3), UTF_8),
                            WireCodec.decodeExpected(WireReader.longFrame(reply.get(4), "expected")),
                            WireReader.longFrame(reply.get(5), "actual"));
                }
                return new EventStoreException(message);
            case DUPLICATE_EVENT_ID:
                if (reply.size() == 5) {
                    return new DuplicateEventIdException(streamId, new WireReader(reply.get(3), "event id")
                            .readUuid(), new String(reply.get(4), UTF_8));
                }
                return new EventStoreException(message);
            case INVALID_REQUEST:
            case TOO_LARGE:
                return new InvalidAppendException(message);
            case UNAVAILABLE:
                return new HubUnavailableException(message);
            default:
                return new EventStoreException("APPEND failed with " + code + ": " + message);
        }
    }

    /** Adds the events of a read reply body ({@code [complete][event]...}) and returns the complete flag. */
    private static boolean decodePage(List<byte[]> body, List<RecordedEvent> into) {
        for (byte[] frame : body.subList(1, body.size())) {
            into.add(WireCodec.decodeRecorded(frame));
        }
        return body.get(0).length == 1 && body.get(0)[0] == 1;
    }

    private static boolean isError(List<byte[]> reply) {
        return !reply.isEmpty() && Arrays.equals(reply.get(0), Protocol.ERROR);
    }

    private static String text(List<byte[]> reply, int index) {
        return index < reply.size() ? new String(reply.get(index), UTF_8) : "";
    }

    private static void checkRead(long from, long min, int maxCount, String what) {
        if (from < min) {
            throw new IllegalArgumentException("Reading starts at " + what + " " + min + " or later, got " + from);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, got " + maxCount);
        }
    }

    /** The hub's store limits and its largest request. */
    private record RemoteLimits(StoreLimits store, long maxRequestBytes) {
    }
}
