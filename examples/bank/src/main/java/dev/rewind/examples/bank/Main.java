package dev.rewind.examples.bank;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.rewind.bus.RemoteStoreConfig;

/**
 * Starts the bank: JSON over HTTP on {@code http://localhost:8080} (or {@code --port}), events in the embedded
 * store in {@code ./data} (or {@code --store}), or on a hub ({@code --hub}) as the write side, a read side or both
 * ({@code --role}). It runs until stopped; Ctrl-C or SIGTERM closes it cleanly.
 *
 * <pre>
 * java -jar examples/bank/target/rewind-bank.jar [--port 8080] [--store embedded:./data | jdbc:postgresql://...]
 * java -jar examples/bank/target/rewind-bank.jar --hub tcp://127.0.0.1:5555 --role read --store h2:./read-1
 * </pre>
 */
public final class Main {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar rewind-bank.jar [options]",
            "  --port PORT          HTTP port (default 8080)",
            "  --store CONFIG       embedded:<folder>[?durability=disk|process] | jdbc:postgresql://...",
            "                       (default embedded:./data): the events, read models and checkpoints;",
            "                       with --hub only the read models and checkpoints",
            "  --hub ENDPOINT       keep the events on a hub instead, e.g. tcp://127.0.0.1:5555",
            "  --hub-events ENDP    the hub's event endpoint (default: the --hub port + 1)",
            "  --role ROLE          all | write | read (default all; write and read need --hub)");

    private Main() {
    }

    /** Starts the bank and returns; the HTTP server keeps the process alive until it is stopped. */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        BankApplication bank;
        try {
            bank = BankApplication.start(options.config());
        } catch (RuntimeException e) {
            System.err.println("The bank could not start: " + describe(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bank::close, "bank-shutdown"));
        System.out.println("Rewind bank listening on " + bank.uri() + " (" + options.describe()
                + "); press Ctrl-C to stop.");
    }

    private static String describe(RuntimeException e) {
        if (e instanceof CreationException creation) {
            return creation.getErrorMessages().stream().map(Message::getCause)
                    .filter(cause -> cause != null).map(Throwable::getMessage).findFirst()
                    .orElse(creation.getMessage());
        }
        return e.getMessage();
    }

    /**
     * The command line.
     *
     * @param port the HTTP port
     * @param store the event store configuration, or with a hub the read models' database
     * @param hub the hub's request endpoint, or null
     * @param hubEvents the hub's event endpoint, or null for the request port + 1
     * @param role what this process does
     */
    record Options(int port, String store, String hub, String hubEvents, BankRole role) {

        static Options parse(String[] args) {
            int port = 8080;
            String store = "embedded:./data";
            String hub = null;
            String hubEvents = null;
            BankRole role = BankRole.ALL;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--port" -> port = parsePort(value);
                    case "--store" -> store = value;
                    case "--hub" -> hub = value;
                    case "--hub-events" -> hubEvents = value;
                    case "--role" -> role = parseRole(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (hub == null && (role != BankRole.ALL || hubEvents != null)) {
                throw new IllegalArgumentException("--role and --hub-events need --hub");
            }
            return new Options(port, store, hub, hubEvents, role);
        }

        BankConfig config() {
            RemoteStoreConfig remote = hub == null ? null
                    : RemoteStoreConfig.of(hub, hubEvents == null ? nextPort(hub) : hubEvents);
            return new BankConfig(store, port, remote, role);
        }

        String describe() {
            return hub == null ? "store " + store
                    : role.name().toLowerCase() + " side, events on hub " + hub + ", read models in " + store;
        }

        private static String nextPort(String endpoint) {
            int colon = endpoint.lastIndexOf(':');
            try {
                return endpoint.substring(0, colon + 1) + (Integer.parseInt(endpoint.substring(colon + 1)) + 1);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("--hub must be tcp://host:port, got " + endpoint);
            }
        }

        private static BankRole parseRole(String value) {
            try {
                return BankRole.valueOf(value.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--role must be all, write or read, got " + value);
            }
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + value);
        }
    }
}
