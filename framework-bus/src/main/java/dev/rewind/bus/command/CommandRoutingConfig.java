package dev.rewind.bus.command;

import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.CurveServerKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How a write side takes part in {@link RoutingCommandBus command routing}: where its command server listens, the
 * address the other write sides reach it at, how many partitions the aggregates are split into, how long a command
 * may look for its owner, and the CURVE keys if the write sides talk securely.
 *
 * <pre>{@code
 * CommandRoutingConfig config = CommandRoutingConfig.bind("tcp://0.0.0.0:5560")
 *         .advertise("tcp://10.0.0.7:5560")
 *         .withDeadline(Duration.ofSeconds(10));
 * }</pre>
 *
 * @param bind the endpoint the command server binds, for example {@code tcp://0.0.0.0:5560} ({@code :*} for any free
 *     port)
 * @param advertised the endpoint the others connect to, or {@code null} for the bound one (which must then name a
 *     host, not {@code 0.0.0.0} or {@code *})
 * @param partitions how many partitions the aggregates are split into; every write side must give the same number
 * @param deadline how long a command may look for the owner of its aggregate (while partitions move) before it fails
 *     with {@link OwnerUnavailableException}; no attempt starts after it
 * @param attemptTimeout how long one attempt waits for another write side's reply before trying again
 * @param serverCurve CURVE keys of this write side's command server, or {@code null} for no CURVE
 * @param clientCurve CURVE keys with which it reaches the others' servers, or {@code null} for no CURVE
 */
public record CommandRoutingConfig(String bind, String advertised, int partitions, Duration deadline,
        Duration attemptTimeout, CurveServerKeys serverCurve, CurveClientKeys clientCurve) {

    /** The default number of partitions. */
    public static final int DEFAULT_PARTITIONS = 32;

    /** Checks the values. */
    public CommandRoutingConfig {
        Objects.requireNonNull(bind, "bind must not be null: give the command server's endpoint, e.g."
                + " tcp://0.0.0.0:5560");
        if (!bind.startsWith("tcp://")) {
            throw new IllegalArgumentException("The command server binds a tcp:// endpoint that other processes can"
                    + " reach, got '" + bind + "'");
        }
        if (advertised != null && (!advertised.startsWith("tcp://") || advertised.endsWith(":*"))) {
            throw new IllegalArgumentException("The advertised address must be a tcp://host:port endpoint, got '"
                    + advertised + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        checkPositive(deadline, "deadline");
        checkPositive(attemptTimeout, "attemptTimeout");
        if ((serverCurve == null) != (clientCurve == null)) {
            throw new IllegalArgumentException("CURVE needs both the server keys (for this write side's command"
                    + " server) and the client keys (to reach the others), or neither; got only the "
                    + (serverCurve == null ? "client" : "server") + " keys.");
        }
    }

    /**
     * The address the other write sides reach this one at: the advertised one, else the bound one.
     *
     * @param bound the endpoint the server actually bound (with its port)
     * @throws IllegalArgumentException if nothing is advertised and the server binds every interface
     */
    String addressFor(String bound) {
        if (advertised != null) {
            return advertised;
        }
        if (bind.startsWith("tcp://0.0.0.0:") || bind.startsWith("tcp://*:")) {
            throw new IllegalArgumentException("The command server binds every interface (" + bind + "); say with"
                    + " advertise(\"tcp://<host>:<port>\") how the other write sides reach it.");
        }
        return bound;
    }

    private static void checkPositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }

    /**
     * A server on this endpoint, advertised as bound, {@value #DEFAULT_PARTITIONS} partitions, a 10 s deadline, 3 s
     * per attempt, no CURVE.
     */
    public static CommandRoutingConfig bind(String endpoint) {
        return new CommandRoutingConfig(endpoint, null, DEFAULT_PARTITIONS, Duration.ofSeconds(10),
                Duration.ofSeconds(3), null, null);
    }

    /** A copy advertising another address. */
    public CommandRoutingConfig advertise(String endpoint) {
        return new CommandRoutingConfig(bind, Objects.requireNonNull(endpoint, "endpoint must not be null"),
                partitions, deadline, attemptTimeout, serverCurve, clientCurve);
    }

    /** A copy with another number of partitions. */
    public CommandRoutingConfig withPartitions(int count) {
        return new CommandRoutingConfig(bind, advertised, count, deadline, attemptTimeout, serverCurve, clientCurve);
    }

    /** A copy with another deadline. */
    public CommandRoutingConfig withDeadline(Duration newDeadline) {
        return new CommandRoutingConfig(bind, advertised, partitions, newDeadline, attemptTimeout, serverCurve,
                clientCurve);
    }

    /** A copy with another per-attempt timeout. */
    public CommandRoutingConfig withAttemptTimeout(Duration timeout) {
        return new CommandRoutingConfig(bind, advertised, partitions, deadline, timeout, serverCurve, clientCurve);
    }

    /** A copy using CURVE: {@code server} for this write side's server, {@code client} to reach the others. */
    public CommandRoutingConfig withCurve(CurveServerKeys server, CurveClientKeys client) {
        return new CommandRoutingConfig(bind, advertised, partitions, deadline, attemptTimeout,
                Objects.requireNonNull(server, "server must not be null"),
                Objects.requireNonNull(client, "client must not be null"));
    }
}
