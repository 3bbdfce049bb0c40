package dev.rewind.bus;

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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.zeromq.ZMQ;

/**
 * The hub's command-line entry point: {@code java -jar rewind-hub.jar [options]} (see {@code --help}). It opens the
 * store, binds every endpoint, prints them, serves until SIGTERM or SIGINT, then closes the sockets and the store.
 * A bad option prints one line naming it and exits with status 2, with nothing opened or bound.
 */
public final class HubMain {

    /** How long SIGTERM may take to close the hub and the store before the process exits without them. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(8);

    private HubMain() {
    }

    /** Runs the hub; returns only for {@code --help} and {@code --generate-keys}, otherwise exits the JVM. */
    public static void main(String[] args) {
        HubOptions options;
        try {
            options = HubOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (options.help()) {
            System.out.println(HubOptions.USAGE);
            return;
        }
        if (options.generateKeys() != null) {
            generateKeys(options.generateKeys(), System.out);
            return;
        }
        EventStore store;
        try {
            store = EventStores.open(options.store());
        } catch (RuntimeException e) {
            fail("cannot open store '" + options.store() + "': " + e.getMessage());
            return;
        }
        Hub hub;
        try {
            hub = Hub.start(store, options.hub());
        } catch (RuntimeException e) {
            store.close();
            fail(e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean closed = BoundedClose.run("the hub and its store", STOP_LIMIT, () -> {
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
        System.out.println("rewind-hub: store " + options.store());
        System.out.println("rewind-hub: requests on " + hub.endpoint());
        System.out.println("rewind-hub: events on " + hub.publishEndpoint());
        if (hub.rewindQueryEndpoint() != null) {
            System.out.println("rewind-hub: Rewind 0.3 queries on " + hub.rewindQueryEndpoint());
        }
        if (hub.rewindStreamEndpoint() != null) {
            System.out.println("rewind-hub: Rewind 0.3 stream on " + hub.rewindStreamEndpoint());
        }
        System.out.println("rewind-hub: serving" + (options.hub().curve() == null ? "" : " with CURVE"));
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
