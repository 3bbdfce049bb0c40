package dev.rewind.bus;

import dev.rewind.admin.AdminServer;
import dev.rewind.bus.internal.hub.HubOptions;
import dev.rewind.bus.internal.zmq.BoundedClose;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.eventstore.EventStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.zeromq.ZMQ;
import picocli.CommandLine;

/**
 * The hub's command-line entry point: {@code java -jar rewind-hub.jar [options]} (see {@code --help}). It opens the
 * store, binds every endpoint, prints them, serves until SIGTERM or SIGINT, then closes the sockets and the store.
 * A bad option prints one line naming it and exits with status 2, with nothing opened or bound. Options are parsed
 * with picocli; {@code --version} prints the version.
 */
public final class HubMain {

    /** How long SIGTERM may take to close the hub and the store before the process exits without them. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(8);

    private HubMain() {
    }

    /** Runs the hub; returns only for {@code --help}, {@code --version} and {@code --generate-keys}, else exits. */
    public static void main(String[] args) {
        HubOptions options = new HubOptions();
        CommandLine commandLine = new CommandLine(options);
        String store;
        HubConfig config;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(System.out);
                return;
            }
            if (options.generateKeys() != null) {
                generateKeys(options.generateKeys(), System.out);
                return;
            }
            store = options.store();
            config = options.hubConfig();
            options.adminPort();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            fail(e.getMessage() + (e instanceof CommandLine.ParameterException ? " (see --help)" : ""));
            return;
        }
        serve(store, config, options);
    }

    private static void serve(String storeConfig, HubConfig config, HubOptions options) {
        EventStore store;
        try {
            store = EventStores.open(storeConfig);
        } catch (RuntimeException e) {
            fail("cannot open store '" + storeConfig + "': " + e.getMessage());
            return;
        }
        Hub hub;
        try {
            hub = Hub.start(store, config);
        } catch (RuntimeException e) {
            store.close();
            fail(e.getMessage());
            return;
        }
        AdminServer admin = null;
        if (options.adminPort().isPresent()) {
            try {
                admin = AdminServer.builder().hub(hub, store).host(options.adminHost())
                        .port(options.adminPort().getAsInt()).token(options.adminToken()).start();
            } catch (RuntimeException e) {
                hub.close();
                store.close();
                fail("cannot serve the admin console on " + options.adminHost() + ":" + options.adminPort().getAsInt()
                        + ": " + e.getMessage());
                return;
            }
        }
        AdminServer adminServer = admin;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean closed = BoundedClose.run("the hub and its store", STOP_LIMIT, () -> {
                if (adminServer != null) {
                    adminServer.close();
                }
                hub.close();
                store.close();
            });
            stopped.countDown();
            if (!closed) {
                // a JVM whose shutdown hook never returns needs kill -9; the store is crash-safe, so exit anyway
                System.err.println("rewind-hub: did not stop within " + STOP_LIMIT.toSeconds() + " s; exiting anyway");
                Runtime.getRuntime().halt(1);
            }
        }, "rewind-hub-shutdown"));
        System.out.println("rewind-hub: store " + storeConfig);
        System.out.println("rewind-hub: requests on " + hub.endpoint());
        System.out.println("rewind-hub: events on " + hub.publishEndpoint());
        if (hub.rewindQueryEndpoint() != null) {
            System.out.println("rewind-hub: Rewind 0.3 queries on " + hub.rewindQueryEndpoint());
        }
        if (hub.rewindStreamEndpoint() != null) {
            System.out.println("rewind-hub: Rewind 0.3 stream on " + hub.rewindStreamEndpoint());
        }
        if (adminServer != null) {
            System.out.println("rewind-hub: admin console on " + adminServer.uri());
        }
        System.out.println("rewind-hub: serving" + (config.curve() == null ? "" : " with CURVE"));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void generateKeys(Path prefix, PrintStream out) {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        Path secret = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        try {
            Files.writeString(secret, "# rewind-hub CURVE key pair; keep this file secret\npublic-key = \""
                    + pair.publicKey + "\"\nsecret-key = \"" + pair.secretKey + "\"\n", StandardCharsets.UTF_8);
            Files.writeString(pub, pair.publicKey + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            fail("cannot write key files " + secret + " and " + pub + ": " + e.getMessage());
            return;
        }
        out.println("rewind-hub: wrote " + secret + " and " + pub + " (public key " + pair.publicKey + ")");
    }

    private static void fail(String message) {
        System.err.println("rewind-hub: " + message);
        System.exit(2);
    }
}
