package dev.rewind.bus.internal.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQException;
import zmq.ZError;

/** The names and fixed values of the native protocol (see {@code docs/protocol.md}). */
public final class Protocol {

    public static final String PING = "PING";
    public static final String LIMITS = "LIMITS";
    public static final String HEAD = "HEAD";
    public static final String APPEND = "APPEND";
    public static final String READ_STREAM = "READ_STREAM";
    public static final String READ_ALL = "READ_ALL";

    public static final byte[] OK = "OK".getBytes(US_ASCII);
    public static final byte[] ERROR = "ERROR".getBytes(US_ASCII);
    public static final byte[] PONG = "rewind-bus/1".getBytes(US_ASCII);

    /** The topic frame of heartbeats on the PUB socket; no category topic starts with this byte. */
    public static final byte[] HEARTBEAT_TOPIC = {1};
    /** Ends every category topic, so subscribing to {@code account\0} does not also match {@code accountant}. */
    public static final byte TOPIC_END = 0;

    /** How long a ZeroMQ handshake may take before the connection is dropped and retried. */
    public static final int HANDSHAKE_MILLIS = 500;

    /** The most events one read reply carries; a reader asks again for more. */
    public static final int PAGE_EVENTS = 1000;
    /** The most payload bytes one read reply carries (at least one event is always sent). */
    public static final long PAGE_BYTES = 16L << 20;

    private Protocol() {
    }

    public static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }

    /** The topic frame of an event of this category. */
    public static byte[] topic(String category) {
        byte[] name = category.getBytes(StandardCharsets.UTF_8);
        byte[] topic = new byte[name.length + 1];
        System.arraycopy(name, 0, topic, 0, name.length);
        topic[name.length] = TOPIC_END;
        return topic;
    }

    /** A readable reason for a failed bind: JeroMQ reports errors as bare numbers. */
    public static String describe(RuntimeException e) {
        if (e instanceof ZMQException zmq) {
            return switch (zmq.getErrorCode()) {
                case ZError.EADDRINUSE -> "address already in use";
                case ZError.EADDRNOTAVAIL -> "address not available on this machine";
                case ZError.EPROTONOSUPPORT -> "transport not supported";
                default -> "error " + zmq.getErrorCode();
            };
        }
        return e.getMessage();
    }

    /** An error reply: request id, ERROR, code, message, then the code's detail frames. */
    public static List<byte[]> error(byte[] requestId, ErrorCode code, String message, byte[]... details) {
        List<byte[]> reply = new ArrayList<>(4 + details.length);
        reply.add(requestId);
        reply.add(ERROR);
        reply.add(ascii(code.name()));
        reply.add(message.getBytes(StandardCharsets.UTF_8));
        reply.addAll(List.of(details));
        return reply;
    }
}
