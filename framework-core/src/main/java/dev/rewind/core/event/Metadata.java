package dev.rewind.core.event;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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

    private static final Metadata EMPTY = new Metadata(null, null, Map.of());

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

    /** Returns a copy with one more header (replacing one of the same name). */
    public Metadata withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name must not be null");
        Objects.requireNonNull(value, "header value must not be null");
        Map<String, String> copy = new TreeMap<>(headers);
        copy.put(name, value);
        return new Metadata(correlationId, causationId, copy);
    }
}
