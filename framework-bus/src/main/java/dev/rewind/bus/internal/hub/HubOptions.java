package dev.rewind.bus.internal.hub;

import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.HubConfig;
import dev.rewind.eventstore.StoreConfig;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hub's command-line options (picocli), checked by {@link #hubConfig()} before anything is opened or bound. The
 * option names are part of the documented interface ({@code docs/configuration.md}).
 */
@Command(name = "rewind-hub", customSynopsis = "java -jar rewind-hub.jar [options]", sortOptions = false,
        mixinStandardHelpOptions = true, versionProvider = HubVersion.class, usageHelpWidth = 120,
        description = "Serves an event store over ZeroMQ (protocol: docs/protocol.md).")
public final class HubOptions {

    private static final Pattern ENDPOINT = Pattern.compile("tcp://[^:/\\s]+:(\\*|\\d{1,5})|ipc://\\S+|inproc://\\S+");
    private static final Pattern PORT = Pattern.compile(":(\\d+)$");
    private static final int MAX_PORT = 65_535;

    @Option(names = "--store", paramLabel = "CONFIG", defaultValue = "embedded:./data",
            description = "memory | embedded:<folder> | jdbc:postgresql://host:port/db?user=..."
                    + " (default: ${DEFAULT-VALUE})")
    private String store;

    @Option(names = "--bind", paramLabel = "ENDPOINT", defaultValue = HubConfig.DEFAULT_BIND,
            description = "native requests, ROUTER (default: ${DEFAULT-VALUE})")
    private String bind;

    @Option(names = "--publish", paramLabel = "ENDPOINT", defaultValue = HubConfig.DEFAULT_PUBLISH,
            description = "live events, PUB (default: ${DEFAULT-VALUE})")
    private String publish;

    @Option(names = "--rewind-query", paramLabel = "ENDPOINT",
            description = "Rewind 0.3 REP endpoint (off unless given)")
    private String rewindQuery;

    @Option(names = "--rewind-stream", paramLabel = "ENDPOINT",
            description = "Rewind 0.3 PUB endpoint (off unless given)")
    private String rewindStream;

    @Option(names = "--curve-secret-key", paramLabel = "FILE",
            description = "the hub's CURVE secret key (Z85); needs --allowed-clients")
    private Path secretKey;

    @Option(names = "--allowed-clients", paramLabel = "FILE",
            description = "allowed client public keys, one Z85 key per line")
    private Path allowedClients;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "serve the admin console and API (store, streams, log tail, /health, /metrics) on this"
                    + " port (off unless given)")
    private Integer adminPort;

    @Option(names = "--admin-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address the admin port binds to (default: ${DEFAULT-VALUE}, this machine only)")
    private String adminHost;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "bearer token the admin API's actions need (or REWIND_ADMIN_TOKEN); read-only without")
    private String adminToken;

    @Option(names = "--generate-keys", paramLabel = "PREFIX",
            description = "write a new key pair to PREFIX.key and PREFIX.pub, then exit")
    private Path generateKeys;

    /** The store configuration string, checked. */
    public String store() {
        try {
            StoreConfig.parse(store);
            return store;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --store has a bad value: " + e.getMessage(), e);
        }
    }

    /**
     * The admin port, or empty for none.
     *
     * @throws IllegalArgumentException if it is out of range, or a token is given without it
     */
    public OptionalInt adminPort() {
        if (adminPort == null) {
            if (adminToken != null) {
                throw new IllegalArgumentException("option --admin-token needs --admin-port (the admin console's"
                        + " port)");
            }
            return OptionalInt.empty();
        }
        if (adminPort < 0 || adminPort > MAX_PORT) {
            throw new IllegalArgumentException("option --admin-port has port " + adminPort + ", out of range; use a"
                    + " port from 1 to " + MAX_PORT + " (0 for any free one)");
        }
        return OptionalInt.of(adminPort);
    }

    /** The address the admin port binds to. */
    public String adminHost() {
        return adminHost;
    }

    /** The admin token: the option, else {@code REWIND_ADMIN_TOKEN}, else null (read-only). */
    public String adminToken() {
        return adminToken != null ? adminToken : System.getenv("REWIND_ADMIN_TOKEN");
    }

    /** A file prefix to write a new CURVE key pair to instead of serving, or null. */
    public Path generateKeys() {
        return generateKeys;
    }

    /**
     * The hub configuration the options give.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad option or value
     */
    public HubConfig hubConfig() {
        HubConfig hub = HubConfig.defaults().withBind(endpoint("--bind", bind))
                .withPublish(endpoint("--publish", publish))
                .withRewind(endpoint("--rewind-query", rewindQuery), endpoint("--rewind-stream", rewindStream));
        if ((secretKey == null) != (allowedClients == null)) {
            throw new IllegalArgumentException((secretKey == null ? "--allowed-clients needs --curve-secret-key"
                    : "--curve-secret-key needs --allowed-clients") + "; give both to secure the hub with CURVE");
        }
        return secretKey == null ? hub : hub.withCurve(CurveServerKeys.read(secretKey, allowedClients));
    }

    private static String endpoint(String option, String value) {
        if (value == null) {
            return null;
        }
        Matcher port = PORT.matcher(value);
        if (port.find() && (port.group(1).length() > 5 || Integer.parseInt(port.group(1)) > MAX_PORT
                || Integer.parseInt(port.group(1)) == 0)) {
            throw new IllegalArgumentException("option " + option + " has port " + port.group(1) + ", out of range;"
                    + " use a port from 1 to " + MAX_PORT + " (or * for any free one), e.g. tcp://127.0.0.1:5555");
        }
        if (ENDPOINT.matcher(value).matches()) {
            return value;
        }
        throw new IllegalArgumentException("option " + option + " has a bad endpoint '" + value + "'; use e.g."
                + " tcp://127.0.0.1:5555 (or ipc://path)");
    }
}
