package dev.rewind.bus;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link RemoteEventStore} finds its hub and how long it waits for replies.
 *
 * @param endpoint the hub's request endpoint, e.g. {@code tcp://127.0.0.1:5555}
 * @param publishEndpoint the hub's publish endpoint for live subscriptions, e.g. {@code tcp://127.0.0.1:5556}
 * @param requestTimeout how long one request waits for its reply before failing with {@link HubUnavailableException}
 * @param curve CURVE keys if the hub is secured, else {@code null}
 */
public record RemoteStoreConfig(String endpoint, String publishEndpoint, Duration requestTimeout,
        CurveClientKeys curve) {

    /** Checks the values. */
    public RemoteStoreConfig {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(publishEndpoint, "publishEndpoint must not be null");
        Objects.requireNonNull(requestTimeout, "requestTimeout must not be null");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
    }

    /** A hub at these endpoints, 10 s request timeout, no CURVE. */
    public static RemoteStoreConfig of(String endpoint, String publishEndpoint) {
        return new RemoteStoreConfig(endpoint, publishEndpoint, Duration.ofSeconds(10), null);
    }

    /** A copy with another request timeout. */
    public RemoteStoreConfig withRequestTimeout(Duration timeout) {
        return new RemoteStoreConfig(endpoint, publishEndpoint, timeout, curve);
    }

    /** A copy using CURVE with these keys. */
    public RemoteStoreConfig withCurve(CurveClientKeys keys) {
        return new RemoteStoreConfig(endpoint, publishEndpoint, requestTimeout, keys);
    }
}
