package dev.rewind.examples.bank;

import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.eventstore.StoreConfig;
import java.util.Objects;

/**
 * How to run one bank process.
 *
 * @param store embedded: the event store, which also holds the read models ({@code embedded:<folder>} or
 *     {@code jdbc:postgresql://...}); on a hub: the local database of the read models and checkpoints
 * @param host the address the HTTP interface (and the admin console) binds, {@code 127.0.0.1} for this machine only
 * @param port the HTTP port, 0 for any free one
 * @param hub the hub that holds the events, or null to keep them in {@code store}
 * @param role what this process does; anything but {@link BankRole#ALL} needs a hub
 * @param adminPort the port of the admin console and API, 0 for any free one, {@link #NO_ADMIN} for none
 * @param adminToken the token the admin API's actions need, or null for a read-only admin API
 * @param commandPort the port on which a write side takes the commands other write sides route to it (the owner of
 *     their aggregates), 0 for any free one, {@link #NO_COMMAND_PORT} for a write side that owns every aggregate
 */
public record BankConfig(String store, String host, int port, RemoteStoreConfig hub, BankRole role, int adminPort,
        String adminToken, int commandPort) {

    /** The {@link #adminPort} of a bank without an admin console. */
    public static final int NO_ADMIN = -1;

    /** The {@link #commandPort} of a bank process that routes no commands. */
    public static final int NO_COMMAND_PORT = -1;

    /** Checks the combination. */
    public BankConfig {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(role, "role must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be from 0 to 65535, got " + port);
        }
        if (adminPort < NO_ADMIN || adminPort > 65_535) {
            throw new IllegalArgumentException("the admin port must be from 0 to 65535, got " + adminPort);
        }
        if (commandPort < NO_COMMAND_PORT || commandPort > 65_535) {
            throw new IllegalArgumentException("the command port must be from 0 to 65535, got " + commandPort);
        }
        if (commandPort != NO_COMMAND_PORT && (hub == null || role != BankRole.WRITE)) {
            throw new IllegalArgumentException("--command-port is for write sides (--role write --hub ...), which"
                    + " share the aggregates through it");
        }
        if (commandPort != NO_COMMAND_PORT && StoreConfig.parse(store).kind() != StoreConfig.Kind.POSTGRESQL) {
            throw new IllegalArgumentException("Write sides that share the aggregates (--command-port) hold them"
                    + " under leases in PostgreSQL: give them all --store jdbc:postgresql://... (the same database),"
                    + " not " + store);
        }
        if (hub == null && role != BankRole.ALL) {
            throw new IllegalArgumentException("--role " + role.name().toLowerCase() + " splits the bank over a hub;"
                    + " give the hub with --hub tcp://host:port");
        }
    }

    /** A process on the loopback interface without an admin console. */
    public BankConfig(String store, int port, RemoteStoreConfig hub, BankRole role) {
        this(store, "127.0.0.1", port, hub, role, NO_ADMIN, null, NO_COMMAND_PORT);
    }

    /** One process doing everything on one store. */
    public static BankConfig embedded(String store, int port) {
        return new BankConfig(store, port, null, BankRole.ALL);
    }

    /** This configuration with the admin console and API on {@code port}, its actions guarded by {@code token}. */
    public BankConfig withAdmin(int port, String token) {
        return new BankConfig(store, host, this.port, hub, role, port, token, commandPort);
    }

    /** This write side sharing the aggregates with other write sides, taking their commands on {@code port}. */
    public BankConfig withCommandPort(int port) {
        return new BankConfig(store, host, this.port, hub, role, adminPort, adminToken, port);
    }
}
