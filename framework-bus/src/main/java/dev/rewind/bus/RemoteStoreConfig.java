package dev.rewind.bus;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which hubs a {@link RemoteEventStore} uses and how long it waits. Requests go to one hub at a time; one that gets
 * no reply within {@code failoverAfter} is sent again, with the same event ids, to the next hub of the list (or the
 * same hub, when there is one). A request that no hub answered within {@code requestTimeout} fails with
 * {@link HubUnavailableException}. Subscriptions move likewise when their hub falls silent for {@code failoverAfter}.
 * At most {@code maxInFlight} requests of one store are open at once ({@link RemoteEventStore#appendAsync}); further
 * calls wait for one to complete.
 *
 * <pre>{@code
 * RemoteStoreConfig config = RemoteStoreConfig.parse("tcp://10.0.0.1:5555,tcp://10.0.0.2:5555")
 *         .withFailoverAfter(Duration.ofSeconds(1));
 * }</pre>
 *
 * @param hubs the hubs, all serving the same store; the first is tried first
 * @param requestTimeout how long one call may take, over every hub it tries, before it fails
 * @param failoverAfter how long a hub may stay silent before the client moves to the next one
 * @param curve CURVE keys if the hubs are secured, else {@code null}
 * @param maxInFlight how many requests of one store may wait for their replies at once, at least 1
 */
public record RemoteStoreConfig(List<HubAddress> hubs, Duration requestTimeout, Duration failoverAfter,
        CurveClientKeys curve, int maxInFlight) {

    /** The default request timeout: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The default fail-over time: 2 s, ten of a hub's heartbeats. */
    public static final Duration DEFAULT_FAILOVER_AFTER = Duration.ofSeconds(2);
    /** The default bound on requests in flight per store: 1,000. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;

    /** Checks the values. */
    public RemoteStoreConfig {
        hubs = List.copyOf(Objects.requireNonNull(hubs, "hubs must not be null"));
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("A remote store needs at least one hub address");
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        Objects.requireNonNull(failoverAfter, "failoverAfter must not be null");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        if (failoverAfter.isNegative() || failoverAfter.isZero()) {
            throw new IllegalArgumentException("failoverAfter must be positive, got " + failoverAfter);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }

    /** These values with at most {@value #DEFAULT_MAX_IN_FLIGHT} requests in flight. */
    public RemoteStoreConfig(List<HubAddress> hubs, Duration requestTimeout, Duration failoverAfter,
            CurveClientKeys curve) {
        this(hubs, requestTimeout, failoverAfter, curve, DEFAULT_MAX_IN_FLIGHT);
    }

    /** One hub at these endpoints, 10 s request timeout, 2 s fail-over time, no CURVE, 1,000 in flight. */
    public static RemoteStoreConfig of(String endpoint, String publishEndpoint) {
        return of(List.of(new HubAddress(endpoint, publishEndpoint)));
    }

    /** These hubs, 10 s request timeout, 2 s fail-over time, no CURVE, 1,000 in flight. */
    public static RemoteStoreConfig of(List<HubAddress> hubs) {
        return new RemoteStoreConfig(hubs, DEFAULT_REQUEST_TIMEOUT, DEFAULT_FAILOVER_AFTER, null);
    }

    /**
     * Hubs written as a comma-separated list of {@link HubAddress#parse hub addresses}, e.g.
     * {@code tcp://10.0.0.1:5555,tcp://10.0.0.2:5555}.
     *
     * @throws IllegalArgumentException if an address is malformed
     */
    public static RemoteStoreConfig parse(String hubs) {
        return of(Arrays.stream(hubs.split(",")).map(String::strip).filter(text -> !text.isEmpty())
                .map(HubAddress::parse).toList());
    }

    /** The first hub's request endpoint. */
    public String endpoint() {
        return hubs.get(0).requests();
    }

    /** The first hub's publish endpoint. */
    public String publishEndpoint() {
        return hubs.get(0).events();
    }

    /** A copy with other hubs. */
    public RemoteStoreConfig withHubs(List<HubAddress> others) {
        return new RemoteStoreConfig(others, requestTimeout, failoverAfter, curve, maxInFlight);
    }

    /** A copy with another request timeout. */
    public RemoteStoreConfig withRequestTimeout(Duration timeout) {
        return new RemoteStoreConfig(hubs, timeout, failoverAfter.compareTo(timeout) > 0 ? timeout : failoverAfter,
                curve, maxInFlight);
    }

    /** A copy with another fail-over time. */
    public RemoteStoreConfig withFailoverAfter(Duration silence) {
        return new RemoteStoreConfig(hubs, requestTimeout, silence, curve, maxInFlight);
    }

    /** A copy using CURVE with these keys. */
    public RemoteStoreConfig withCurve(CurveClientKeys keys) {
        return new RemoteStoreConfig(hubs, requestTimeout, failoverAfter, keys, maxInFlight);
    }

    /** A copy allowing another number of requests in flight at once. */
    public RemoteStoreConfig withMaxInFlight(int requests) {
        return new RemoteStoreConfig(hubs, requestTimeout, failoverAfter, curve, requests);
    }
}
