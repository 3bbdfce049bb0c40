package dev.rewind.bus.command;

import dev.rewind.bus.CurveClientKeys;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ZmqCommandGateway} sends commands and how long it waits. With several command servers each command
 * goes to one whose connection is up, in turn; a server that dies or falls silent (no ZeroMQ heartbeat for 1.5 s) gets
 * no more commands until it is back. A command is never re-sent by the gateway: its handler may not be idempotent.
 *
 * <pre>{@code
 * CommandGatewayConfig config = CommandGatewayConfig.of(List.of("tcp://10.0.0.1:5560", "tcp://10.0.0.2:5560"))
 *         .withTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param endpoints the command servers' endpoints, all serving the same commands
 * @param timeout how long one command waits for its result before failing with {@code TIMEOUT}
 * @param curve CURVE keys if the servers are secured, else {@code null}
 */
public record CommandGatewayConfig(List<String> endpoints, Duration timeout, CurveClientKeys curve) {

    /** Checks the values. */
    public CommandGatewayConfig {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints must not be null"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("A command gateway needs at least one command server endpoint");
        }
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** These servers, a 10 s timeout, no CURVE. */
    public static CommandGatewayConfig of(List<String> endpoints) {
        return new CommandGatewayConfig(endpoints, Duration.ofSeconds(10), null);
    }

    /** A copy with another timeout. */
    public CommandGatewayConfig withTimeout(Duration newTimeout) {
        return new CommandGatewayConfig(endpoints, newTimeout, curve);
    }

    /** A copy using CURVE with these keys. */
    public CommandGatewayConfig withCurve(CurveClientKeys keys) {
        return new CommandGatewayConfig(endpoints, timeout, keys);
    }
}
