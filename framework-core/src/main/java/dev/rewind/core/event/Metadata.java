package dev.rewind.core.event;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What travels with an event besides its payload: the correlation id shared by everything one request caused, the
 * causation id of the message that directly caused it, and free headers.
 *
 * <p>Immutable; {@code with...} methods return copies.
 *
 * @param correlationId the id shared by every message that one original request caused, or {@code null}
 * @param causationId the id of the message that caused this one, or {@code null}
 * @param headers free string headers, never {@code null}
 */
public record Metadata(String correlationId, String causationId, Map<String, String> headers) {

    /**
     * The header holding a W3C trace context ({@code traceparent}, as in HTTP): given with a command, it travels to
     * the command's events, to the projectors that read them and to the commands process managers send for them.
     */
    public static final String TRACEPARENT = "traceparent";

    private static final Metadata EMPTY = new Metadata(null, null, Map.of());
    private static final Pattern TRACEPARENT_FORMAT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** Validates and copies the headers into an immutable, sorted map. */
    public Metadata {
        Objects.requireNonNull(headers, "headers must not be null (use Map.of())");
        headers = Map.copyOf(new TreeMap<>(headers));
    }

    /** Metadata with no ids and no headers. */
    public static Metadata empty() {
        return EMPTY;
    }

    /** Returns the correlation id, if any. */
    public Optional<String> correlation() {
        return Optional.ofNullable(correlationId);
    }

    /** Returns the causation id, if any. */
    public Optional<String> causation() {
        return Optional.ofNullable(causationId);
    }

    /** Returns a copy with the given correlation id. */
    public Metadata withCorrelationId(String id) {
        return new Metadata(id, causationId, headers);
    }

    /** Returns a copy with the given causation id. */
    public Metadata withCausationId(String id) {
        return new Metadata(correlationId, id, headers);
    }

    /** The W3C trace context this message belongs to, if one was given. */
    public Optional<String> traceparent() {
        return Optional.ofNullable(headers.get(TRACEPARENT));
    }

    /**
     * Returns a copy that belongs to the trace {@code traceparent}, in the W3C format
     * ({@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}, as the HTTP header carries it).
     *
     * @throws IllegalArgumentException if {@code traceparent} is not in that format, with the value
     */
    public Metadata withTraceparent(String traceparent) {
        if (traceparent == null || !TRACEPARENT_FORMAT.matcher(traceparent).matches()
                || traceparent.startsWith("ff") || traceparent.substring(3, 35).matches("0+")
                || traceparent.substring(36, 52).matches("0+")) {
            throw new IllegalArgumentException("A traceparent must be in the W3C format 00-<32 lower-case hex trace"
                    + " id>-<16 hex parent id>-<2 hex flags>, with ids not all zero; got '" + traceparent + "'.");
        }
        return withHeader(TRACEPARENT, traceparent);
    }

    /** Returns a copy with one more header (replacing one of the same name). */
    public Metadata withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name must not be null");
        Objects.requireNonNull(value, "header value must not be null");
        Map<String, String> copy = new TreeMap<>(headers);
        copy.put(name, value);
        return new Metadata(correlationId, causationId, copy);
    }
}
