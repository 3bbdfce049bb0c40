package dev.rewind.examples.bank;

import dev.rewind.bus.RemoteStoreConfig;
import java.util.Objects;

/**
 * How to run one bank process.
 *
 * @param store embedded: the event store, which also holds the read models ({@code embedded:<folder>} or
 *     {@code jdbc:postgresql://...}); on a hub: the local database of the read models and checkpoints
 * @param port the HTTP port, 0 for any free one
 * @param hub the hub that holds the events, or null to keep them in {@code store}
 * @param role what this process does; anything but {@link BankRole#ALL} needs a hub
 */
public record BankConfig(String store, int port, RemoteStoreConfig hub, BankRole role) {

    /** Checks the combination. */
    public BankConfig {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(role, "role must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the port must be from 0 to 65535, got " + port);
        }
        if (hub == null && role != BankRole.ALL) {
            throw new IllegalArgumentException("--role " + role.name().toLowerCase() + " splits the bank over a hub;"
                    + " give the hub with --hub tcp://host:port");
        }
    }

    /** One process doing everything on one store. */
    public static BankConfig embedded(String store, int port) {
        return new BankConfig(store, port, null, BankRole.ALL);
    }
}
