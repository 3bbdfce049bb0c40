package dev.rewind.examples.bank;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.rewind.bus.RemoteStoreConfig;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the bank: JSON over HTTP on {@code http://127.0.0.1:8080} (or {@code --host}, {@code --port}), events in the
 * embedded store in {@code ./data} (or {@code --store}), or on a hub ({@code --hub}) as the write side, a read side
 * or both ({@code --role}); with {@code --admin-port} the admin console and API too. It runs until stopped; Ctrl-C
 * or SIGTERM closes it cleanly. Exit codes: 0 after {@code --help}, 1 if it cannot start, 2 for a bad command line.
 *
 * <pre>
 * java -jar examples/bank/target/rewind-bank.jar [--port 8080] [--store embedded:./data | jdbc:postgresql://...]
 * java -jar examples/bank/target/rewind-bank.jar --admin-port 9090 --admin-token "$(openssl rand -hex 16)"
 * java -jar examples/bank/target/rewind-bank.jar --hub tcp://127.0.0.1:5555 --role read --store h2:./read-1
 * </pre>
 */
public final class Main {

    private Main() {
    }

    /** Starts the bank and returns; the HTTP server keeps the process alive until it is stopped. */
    public static void main(String[] args) {
        Arguments arguments = new Arguments();
        CommandLine command = new CommandLine(arguments).setCaseInsensitiveEnumValuesAllowed(true);
        Options options;
        try {
            command.parseArgs(args);
            if (command.printHelpIfRequested(command.getParseResult())) {
                System.exit(0);
                return;
            }
            options = arguments.options();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            PrintWriter err = command.getErr();
            err.println(e.getMessage());
            err.println("Run with --help for the options.");
            err.flush();
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
        System.out.println("Rewind bank listening on " + bank.uri() + " (" + options.describe() + ")"
                + bank.adminUri().map(uri -> "; admin console on " + uri).orElse("") + "; press Ctrl-C to stop.");
    }

    private static String describe(RuntimeException e) {
        if (e instanceof CreationException creation) {
            return creation.getErrorMessages().stream().map(Message::getCause)
                    .filter(cause -> cause != null).map(Throwable::getMessage).findFirst()
                    .orElse(creation.getMessage());
        }
        return e.getMessage();
    }

    /** The command line as picocli reads it; {@link #options()} checks what it cannot. */
    @Command(name = "java -jar rewind-bank.jar", mixinStandardHelpOptions = true, version = "rewind-bank 0.1.0",
            description = "Runs the sample bank: JSON over HTTP, events in an embedded store, on PostgreSQL or on a"
                    + " hub.", sortOptions = false)
    static final class Arguments {

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address to bind the HTTP interface and the admin console to (default: ${DEFAULT-VALUE},"
                        + " this machine only; 0.0.0.0 for every interface).")
        String host;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
                description = "HTTP port (default: ${DEFAULT-VALUE}; 0 for any free one).")
        int port;

        @Option(names = "--store", paramLabel = "CONFIG", defaultValue = "embedded:./data",
                description = "embedded:<folder>[?durability=disk|process] or jdbc:postgresql://... (default:"
                        + " ${DEFAULT-VALUE}): the events, read models and checkpoints; with --hub only the read"
                        + " models and checkpoints.")
        String store;

        @Option(names = "--hub", paramLabel = "ENDPOINT",
                description = "Keep the events on a hub instead, e.g. tcp://127.0.0.1:5555; several hubs of one"
                        + " PostgreSQL store comma-separated (tcp://a:5555,tcp://b:5555), to move to another when one"
                        + " is down.")
        String hub;

        @Option(names = "--hub-events", paramLabel = "ENDPOINT",
                description = "The hub's event endpoint (default: the --hub port + 1).")
        String hubEvents;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all",
                description = "all, write or read (default: ${DEFAULT-VALUE}; write and read need --hub).")
        BankRole role;

        @Option(names = "--command-port", paramLabel = "PORT",
                description = "For several write sides on one PostgreSQL --store: take the commands other write sides"
                        + " route here on this port (each aggregate has one owning write side; 0 for any free port).")
        Integer commandPort;

        @Option(names = "--admin-port", paramLabel = "PORT",
                description = "Serve the admin console and API on this port (off unless given; 0 for any free one).")
        Integer adminPort;

        @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:REWIND_ADMIN_TOKEN}",
                description = "The token the admin API's actions need (default: the REWIND_ADMIN_TOKEN environment"
                        + " variable); without one the admin API is read-only.")
        String adminToken;

        Options options() {
            return new Options(port, host, store, hub, hubEvents, role, adminPort, adminToken, commandPort)
                    .checked();
        }
    }

    /**
     * The checked command line.
     *
     * @param port the HTTP port
     * @param host the address to bind
     * @param store the event store configuration, or with a hub the read models' database
     * @param hub the hub's request endpoint, or null
     * @param hubEvents the hub's event endpoint, or null for the request port + 1
     * @param role what this process does
     * @param adminPort the admin console's port, or null for none
     * @param adminToken the admin token, or null
     * @param commandPort the port of a routing write side, or null
     */
    record Options(int port, String host, String store, String hub, String hubEvents, BankRole role,
            Integer adminPort, String adminToken, Integer commandPort) {

        /**
         * Parses a command line.
         *
         * @throws IllegalArgumentException with a message saying what is wrong
         */
        static Options parse(String... args) {
            Arguments arguments = new Arguments();
            try {
                new CommandLine(arguments).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return arguments.options();
        }

        Options checked() {
            checkPort("--port", port);
            if (adminPort != null) {
                checkPort("--admin-port", adminPort);
            }
            if (commandPort != null) {
                checkPort("--command-port", commandPort);
                if (role != BankRole.WRITE) {
                    throw new IllegalArgumentException("--command-port goes with --role write: write sides route"
                            + " commands to each other through it");
                }
            }
            if (hub == null && (role != BankRole.ALL || hubEvents != null)) {
                throw new IllegalArgumentException("--role and --hub-events need --hub");
            }
            if (adminToken != null && adminPort == null && !adminToken.isBlank()
                    && System.getenv("REWIND_ADMIN_TOKEN") == null) {
                throw new IllegalArgumentException("--admin-token needs --admin-port (the admin console's port)");
            }
            return this;
        }

        BankConfig config() {
            RemoteStoreConfig remote;
            if (hub == null) {
                remote = null;
            } else if (hub.contains(",")) {
                if (hubEvents != null) {
                    throw new IllegalArgumentException("--hub-events goes with a single --hub; with several hubs,"
                            + " write each as requests|events, e.g. tcp://a:5555|tcp://a:6000,tcp://b:5555");
                }
                remote = RemoteStoreConfig.parse(hub);
            } else {
                remote = RemoteStoreConfig.of(hub, hubEvents == null ? nextPort(hub) : hubEvents);
            }
            return new BankConfig(store, host, port, remote, role,
                    adminPort == null ? BankConfig.NO_ADMIN : adminPort, adminToken,
                    commandPort == null ? BankConfig.NO_COMMAND_PORT : commandPort);
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

        private static void checkPort(String option, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(option + " must be a number from 0 to 65535, got " + port);
            }
        }
    }
}
