package dev.rewind.bus.internal.hub;

import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.HubConfig;
import dev.rewind.eventstore.StoreConfig;
import java.nio.file.Path;
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
