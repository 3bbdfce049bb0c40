package dev.rewind.bus;

import java.util.Objects;

/**
 * How a {@link Hub} listens: its request and publish endpoints, the optional Rewind 0.3 endpoints, optional CURVE keys
 * and its worker count. Immutable; the {@code with...} methods return copies.
 *
 * @param bind the ROUTER endpoint for native requests, e.g. {@code tcp://127.0.0.1:5555} ({@code :*} for any port)
 * @param publish the PUB endpoint for live events, e.g. {@code tcp://127.0.0.1:5556}
 * @param rewindQuery the Rewind 0.3 REP endpoint, or {@code null} for none
 * @param rewindStream the Rewind 0.3 PUB endpoint, or {@code null} for none
 * @param curve the server's CURVE keys and the allowed clients, or {@code null} for no security
 * @param workers how many threads run store calls for native requests
 * @param maxRequestBytes the largest request the hub accepts; larger ones get {@code TOO_LARGE}
 */
public record HubConfig(String bind, String publish, String rewindQuery, String rewindStream, CurveServerKeys curve,
        int workers, long maxRequestBytes) {

    /** The default request endpoint. */
    public static final String DEFAULT_BIND = "tcp://127.0.0.1:5555";
    /** The default publish endpoint. */
    public static final String DEFAULT_PUBLISH = "tcp://127.0.0.1:5556";

    /** Checks the values. */
    public HubConfig {
        Objects.requireNonNull(bind, "bind must not be null");
        Objects.requireNonNull(publish, "publish must not be null");
        if (workers < 1) {
            throw new IllegalArgumentException("A hub needs at least 1 worker, got " + workers);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        }
    }

    /** The defaults: requests on 127.0.0.1:5555, events on 127.0.0.1:5556, no Rewind endpoints, no CURVE. */
    public static HubConfig defaults() {
        return new HubConfig(DEFAULT_BIND, DEFAULT_PUBLISH, null, null, null, 8, 64L << 20);
    }

    /** Loopback with ephemeral ports, for tests. */
    public static HubConfig loopback() {
        return defaults().withBind("tcp://127.0.0.1:*").withPublish("tcp://127.0.0.1:*");
    }

    /** A copy with another request endpoint. */
    public HubConfig withBind(String endpoint) {
        return new HubConfig(endpoint, publish, rewindQuery, rewindStream, curve, workers, maxRequestBytes);
    }

    /** A copy with another publish endpoint. */
    public HubConfig withPublish(String endpoint) {
        return new HubConfig(bind, endpoint, rewindQuery, rewindStream, curve, workers, maxRequestBytes);
    }

    /** A copy serving Rewind 0.3 clients on these endpoints ({@code null} for none). */
    public HubConfig withRewind(String queryEndpoint, String streamEndpoint) {
        return new HubConfig(bind, publish, queryEndpoint, streamEndpoint, curve, workers, maxRequestBytes);
    }

    /** A copy securing every endpoint with CURVE. */
    public HubConfig withCurve(CurveServerKeys keys) {
        return new HubConfig(bind, publish, rewindQuery, rewindStream, keys, workers, maxRequestBytes);
    }

    /** A copy with another largest request size. */
    public HubConfig withMaxRequestBytes(long bytes) {
        return new HubConfig(bind, publish, rewindQuery, rewindStream, curve, workers, bytes);
    }
}
