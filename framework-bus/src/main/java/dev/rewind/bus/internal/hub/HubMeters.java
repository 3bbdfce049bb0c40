package dev.rewind.bus.internal.hub;

import dev.rewind.bus.internal.wire.Protocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;

/**
 * The hub's request meter on Micrometer's global registry: {@code rewind.hub.requests}, one counter per operation
 * ({@code append}, {@code read_stream}, {@code read_all}, {@code head}, {@code limits}, {@code ping}, or
 * {@code other} for anything else); {@code rate()} of it is the request rate.
 */
final class HubMeters {

    private static final Map<String, Counter> BY_OPERATION = Map.of(
            Protocol.APPEND, counter("append"), Protocol.READ_STREAM, counter("read_stream"),
            Protocol.READ_ALL, counter("read_all"), Protocol.HEAD, counter("head"),
            Protocol.LIMITS, counter("limits"), Protocol.PING, counter("ping"));
    private static final Counter OTHER = counter("other");

    private HubMeters() {
    }

    private static Counter counter(String operation) {
        return Counter.builder("rewind.hub.requests").description("Requests the hub answered, by operation")
                .tag("operation", operation).register(Metrics.globalRegistry);
    }

    /** Counts one request of {@code operation}. */
    static void request(String operation) {
        BY_OPERATION.getOrDefault(operation, OTHER).increment();
    }

    /** Counts {@code count} requests of {@code operation}. */
    static void requests(String operation, int count) {
        BY_OPERATION.getOrDefault(operation, OTHER).increment(count);
    }
}
