package dev.rewind.examples.bank;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;

/**
 * Starts the bank: JSON over HTTP on {@code http://localhost:8080} (or {@code --port}), events in the embedded H2
 * store in {@code ./data} (or {@code --store}). It runs until stopped; Ctrl-C or SIGTERM closes it cleanly.
 *
 * <pre>
 * java -jar examples/bank/target/rewind-bank.jar [--port 8080] [--store h2:./data | jdbc:postgresql://...]
 * </pre>
 */
public final class Main {

    private static final String USAGE = "usage: java -jar rewind-bank.jar [--port <port>]"
            + " [--store h2:<folder> | jdbc:postgresql://...]";

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
            bank = BankApplication.start(options.store(), options.port());
        } catch (RuntimeException e) {
            System.err.println("The bank could not start: " + describe(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(bank::close, "bank-shutdown"));
        System.out.println("Rewind bank listening on " + bank.uri() + " (store " + options.store()
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
     * @param store the event store configuration
     */
    record Options(int port, String store) {

        static Options parse(String[] args) {
            int port = 8080;
            String store = "h2:./data";
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--port" -> port = parsePort(value);
                    case "--store" -> store = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(port, store);
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
