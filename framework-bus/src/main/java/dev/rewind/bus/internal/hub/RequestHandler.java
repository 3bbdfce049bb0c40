package dev.rewind.bus.internal.hub;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.internal.wire.ErrorCode;
import dev.rewind.bus.internal.wire.MalformedFrameException;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireReader;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InvalidAppendException;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one native request into one reply by calling the store; runs on the hub's worker threads, owns no socket. */
public final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final EventStore store;
    private final long maxRequestBytes;

    public RequestHandler(EventStore store, long maxRequestBytes) {
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Handles {@code [request id][operation][arguments...]} and returns the reply frames. */
    public List<byte[]> handle(List<byte[]> request) {
        byte[] requestId = request.get(0);
        if (request.size() < 2) {
            return Protocol.error(requestId, ErrorCode.INVALID_REQUEST, "A request needs at least two frames: the"
                    + " request id and the operation name; see docs/protocol.md.");
        }
        String operation = operation(request);
        HubMeters.request(operation);
        List<byte[]> args = request.subList(2, request.size());
        try {
            return switch (operation) {
                case Protocol.PING -> ok(requestId, Protocol.PONG);
                case Protocol.HEAD -> ok(requestId, WireWriter.longFrame(store.headPosition()));
                case Protocol.LIMITS -> limits(requestId, args);
                case Protocol.APPEND -> append(requestId, args);
                case Protocol.READ_STREAM -> readStream(requestId, args);
                case Protocol.READ_ALL -> readAll(requestId, args);
                default -> Protocol.error(requestId, ErrorCode.UNKNOWN_REQUEST, "Unknown operation '"
                        + printable(operation) + "'; the hub knows PING, HEAD, LIMITS, APPEND, READ_STREAM and"
                        + " READ_ALL.");
            };
        } catch (RuntimeException e) {
            return failure(requestId, operation, e);
        }
    }

    /**
     * Handles several APPEND requests at once: the store may commit them in one transaction on this thread. Returns
     * the replies in the order of the requests; errors become error replies.
     */
    public List<List<byte[]>> appendEach(List<List<byte[]>> requests) {
        HubMeters.requests(Protocol.APPEND, requests.size());
        List<List<byte[]>> replies = new ArrayList<>(requests.size());
        List<StreamAppend> appends = new ArrayList<>(requests.size());
        List<Integer> appendAt = new ArrayList<>(requests.size());
        for (List<byte[]> request : requests) {
            try {
                appends.add(decodeAppend(request.subList(2, request.size())));
                appendAt.add(replies.size());
                replies.add(null);
            } catch (RuntimeException e) {
                replies.add(failure(request.get(0), Protocol.APPEND, e));
            }
        }
        List<CompletableFuture<AppendResult>> outcomes;
        try {
            outcomes = store.appendEach(appends);
        } catch (RuntimeException e) {
            outcomes = new ArrayList<>();
            for (int i = 0; i < appends.size(); i++) {
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int i = 0; i < appendAt.size(); i++) {
            int at = appendAt.get(i);
            byte[] requestId = requests.get(at).get(0);
            replies.set(at, outcomes.get(i).handle((result, error) -> error == null
                    ? ok(requestId, WireCodec.encodeAppendResult(result))
                    : failure(requestId, Protocol.APPEND, error instanceof CompletionException wrapped
                            && wrapped.getCause() != null ? wrapped.getCause() : error)).join());
        }
        return replies;
    }

    /** The operation name of a request with at least two frames. */
    public static String operation(List<byte[]> request) {
        return new String(request.get(1), US_ASCII);
    }

    /** The typed error reply for what the store (or the request's decoding) threw. */
    private static List<byte[]> failure(byte[] requestId, String operation, Throwable e) {
        if (e instanceof MalformedFrameException || e instanceof IllegalArgumentException
                || e instanceof NullPointerException) {
            return Protocol.error(requestId, ErrorCode.INVALID_REQUEST, "Malformed " + printable(operation)
                    + " request: " + e.getMessage() + ". See docs/protocol.md for the frame layout.");
        }
        if (e instanceof WrongExpectedVersionException conflict) {
            return Protocol.error(requestId, ErrorCode.CONFLICT, conflict.getMessage(),
                    conflict.streamId().getBytes(UTF_8),
                    WireWriter.longFrame(WireCodec.encodeExpected(conflict.expected())),
                    WireWriter.longFrame(conflict.actual()));
        }
        if (e instanceof DuplicateEventIdException duplicate) {
            return Protocol.error(requestId, ErrorCode.DUPLICATE_EVENT_ID, duplicate.getMessage(),
                    new WireWriter(16).writeUuid(duplicate.eventId()).toBytes(),
                    storedIn(duplicate.getMessage()).getBytes(UTF_8));
        }
        if (e instanceof InvalidAppendException invalid) {
            return Protocol.error(requestId, ErrorCode.INVALID_REQUEST, invalid.getMessage());
        }
        if (e instanceof EventStoreException failed) {
            LOG.warn("Store failed on {}: {}", operation, failed.toString());
            return Protocol.error(requestId, ErrorCode.UNAVAILABLE, "The hub's store failed: " + failed.getMessage());
        }
        LOG.warn("Store failed on {}", operation, e);
        return Protocol.error(requestId, ErrorCode.UNAVAILABLE, "The hub's store failed (" + e
                + "); retry later or check the hub's log.");
    }

    private List<byte[]> limits(byte[] requestId, List<byte[]> args) {
        expectFrames(args, 0, Protocol.LIMITS);
        StoreLimits limits = store.limits();
        return ok(requestId, new WireWriter(24).writeInt(limits.maxEventBytes()).writeInt(limits.maxEventsPerAppend())
                .writeInt(limits.maxStreamIdLength()).writeInt(limits.maxTypeLength()).writeLong(maxRequestBytes)
                .toBytes());
    }

    private List<byte[]> append(byte[] requestId, List<byte[]> args) {
        StreamAppend append = decodeAppend(args);
        AppendResult result = store.append(append.streamId(), append.expected(), append.events());
        return ok(requestId, WireCodec.encodeAppendResult(result));
    }

    private static StreamAppend decodeAppend(List<byte[]> args) {
        if (args.size() < 3) {
            throw new MalformedFrameException("APPEND needs the stream id, the expected version and at least one"
                    + " event frame; got " + args.size() + " argument frames");
        }
        String streamId = WireReader.decodeUtf8(args.get(0), "stream id");
        ExpectedVersion expected = WireCodec.decodeExpected(WireReader.longFrame(args.get(1), "expected version"));
        List<NewEvent> events = new ArrayList<>(args.size() - 2);
        for (byte[] frame : args.subList(2, args.size())) {
            events.add(WireCodec.decodeNewEvent(frame));
        }
        return new StreamAppend(streamId, expected, events);
    }

    private List<byte[]> readStream(byte[] requestId, List<byte[]> args) {
        expectFrames(args, 3, Protocol.READ_STREAM);
        String streamId = WireReader.decodeUtf8(args.get(0), "stream id");
        long fromVersion = WireReader.longFrame(args.get(1), "from version");
        int maxCount = WireReader.intFrame(args.get(2), "max count");
        int page = Math.min(maxCount, Protocol.PAGE_EVENTS);
        return page(requestId, store.readStream(streamId, fromVersion, page), page, maxCount);
    }

    private List<byte[]> readAll(byte[] requestId, List<byte[]> args) {
        expectFrames(args, 4, Protocol.READ_ALL);
        long fromPosition = WireReader.longFrame(args.get(0), "from position");
        int maxCount = WireReader.intFrame(args.get(1), "max count");
        EventFilter filter = new EventFilter(strings(args.get(2), "categories"), strings(args.get(3), "event types"));
        int page = Math.min(maxCount, Protocol.PAGE_EVENTS);
        return page(requestId, store.readAll(fromPosition, page, filter), page, maxCount);
    }

    /** OK, the complete flag (1 if the reply holds all the request asked for), then one frame per event. */
    private static List<byte[]> page(byte[] requestId, List<RecordedEvent> events, int page, int maxCount) {
        List<byte[]> reply = new ArrayList<>(events.size() + 3);
        reply.add(requestId);
        reply.add(Protocol.OK);
        reply.add(null);
        long bytes = 0;
        int sent = 0;
        for (RecordedEvent event : events) {
            if (sent > 0 && bytes + event.data().length > Protocol.PAGE_BYTES) {
                break;
            }
            reply.add(WireCodec.encodeRecorded(event));
            bytes += event.data().length;
            sent++;
        }
        boolean complete = sent == events.size() && (events.size() < page || page == maxCount);
        reply.set(2, new byte[] {(byte) (complete ? 1 : 0)});
        return reply;
    }

    private static Set<String> strings(byte[] frame, String what) {
        WireReader in = new WireReader(frame, what);
        Set<String> texts = in.readStrings();
        in.end();
        return texts;
    }

    private static void expectFrames(List<byte[]> args, int count, String operation) {
        if (args.size() != count) {
            throw new MalformedFrameException(operation + " takes " + count + " argument frames, got " + args.size());
        }
    }

    private static List<byte[]> ok(byte[] requestId, byte[] body) {
        List<byte[]> reply = new ArrayList<>(3);
        reply.add(requestId);
        reply.add(Protocol.OK);
        reply.add(body);
        return reply;
    }

    /** The "where it is stored" part of a duplicate-id message, so the client can rebuild the same exception. */
    private static String storedIn(String message) {
        int start = message.indexOf("is already stored (");
        int end = message.indexOf("), but");
        if (start < 0 || end <= start) {
            return "on the hub";
        }
        return message.substring(start + "is already stored (".length(), end);
    }

    public static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
