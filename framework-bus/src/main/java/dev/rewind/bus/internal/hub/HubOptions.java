package dev.rewind.bus.internal.hub;

import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.HubConfig;
import dev.rewind.eventstore.StoreConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The hub's command-line options, parsed and checked before anything is opened or bound.
 *
 * @param store the store configuration: {@code memory}, {@code embedded:<folder>} or {@code jdbc:postgresql://...}
 * @param hub the endpoints and security to serve with
 * @param generateKeys a file prefix to write a new CURVE key pair to instead of serving, or null
 * @param help whether to print the usage and exit
 */
public record HubOptions(String store, HubConfig hub, Path generateKeys, boolean help) {

    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar rewind-hub.jar [options]",
            "Serves an event store over ZeroMQ (protocol: docs/protocol.md).",
            "  --store CONFIG             memory | embedded:<folder> | jdbc:postgresql://host:port/db?user=..."
                    + " (default embedded:./data)",
            "  --bind ENDPOINT            native requests, ROUTER (default " + HubConfig.DEFAULT_BIND + ")",
            "  --publish ENDPOINT         live events, PUB (default " + HubConfig.DEFAULT_PUBLISH + ")",
            "  --rewind-query ENDPOINT    Rewind 0.3 REP endpoint (off unless given)",
            "  --rewind-stream ENDPOINT   Rewind 0.3 PUB endpoint (off unless given)",
            "  --curve-secret-key FILE    the hub's CURVE secret key (Z85); needs --allowed-clients",
            "  --allowed-clients FILE     allowed client public keys, one Z85 key per line",
            "  --generate-keys PREFIX     write a new key pair to PREFIX.key and PREFIX.pub, then exit",
            "  --help                     print this help and exit");

    /**
     * Parses the arguments ({@code --name value} or {@code --name=value}).
     *
     * @throws IllegalArgumentException with a one-line message naming the bad option or value
     */
    public static HubOptions parse(List<String> args) {
        String store = "embedded:./data";
        HubConfig hub = HubConfig.defaults();
        String rewindQuery = null;
        String rewindStream = null;
        Path secretKey = null;
        Path allowedClients = null;
        Path generateKeys = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new HubOptions(store, hub, null, true);
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --"
                        + " (see --help)");
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("option " + name + " needs a value (see --help)");
            }
            switch (name) {
                case "--store" -> store = checkStore(value);
                case "--bind" -> hub = hub.withBind(checkEndpoint(name, value));
                case "--publish" -> hub = hub.withPublish(checkEndpoint(name, value));
                case "--rewind-query" -> rewindQuery = checkEndpoint(name, value);
                case "--rewind-stream" -> rewindStream = checkEndpoint(name, value);
                case "--curve-secret-key" -> secretKey = Path.of(value);
                case "--allowed-clients" -> allowedClients = Path.of(value);
                case "--generate-keys" -> generateKeys = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + " (see --help)");
            }
        }
        hub = hub.withRewind(rewindQuery, rewindStream);
        if ((secretKey == null) != (allowedClients == null)) {
            throw new IllegalArgumentException((secretKey == null ? "--allowed-clients needs --curve-secret-key"
                    : "--curve-secret-key needs --allowed-clients") + "; give both to secure the hub with CURVE");
        }
        if (secretKey != null) {
            hub = hub.withCurve(CurveServerKeys.read(secretKey, allowedClients));
        }
        return new HubOptions(store, hub, generateKeys, false);
    }

    private static String checkStore(String value) {
        try {
            StoreConfig.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --store has a bad value: " + e.getMessage(), e);
        }
    }

    private static String checkEndpoint(String name, String value) {
        if (value.matches("(tcp://[^:/\\s]+:(\\*|\\d{1,5})|ipc://\\S+|inproc://\\S+)")) {
            return value;
        }
        throw new IllegalArgumentException("option " + name + " has a bad endpoint '" + value + "'; use e.g."
                + " tcp://127.0.0.1:5555 (or ipc://path)");
    }
}
