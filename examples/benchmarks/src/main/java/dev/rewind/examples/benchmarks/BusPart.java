package dev.rewind.examples.benchmarks;

import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * W4, through the hub: the hub runs in its own JVM on the embedded store; this JVM is the appending client; a third
 * JVM runs the latency projector or the subscribers ({@link SubscriberMain}). Latency compares
 * {@code System.nanoTime()} across JVMs, which on Linux reads the one system-wide monotonic clock.
 */
final class BusPart {

    private final Sizes sizes;
    private final Figures figures;
    private final List<String> jvmFlags;

    BusPart(Sizes sizes, Figures figures, List<String> jvmFlags) {
        this.sizes = sizes;
        this.figures = figures;
        this.jvmFlags = jvmFlags;
    }

    /** Each repetition starts fresh hubs (and a fresh store folder); the figures are medians over them. */
    void run(Selection only) throws Exception {
        for (int rep = 0; rep < sizes.repetitions(); rep++) {
            Path folder = Files.createTempDirectory("rewind-w4-");
            try {
                if (only.wants("w4", "append") || only.wants("w4", "latency") || only.wants("w4", "fanout")) {
                    onH2(only, folder);
                }
                if (only.wants("w4", "memhub")) {
                    transportCeiling();
                }
            } finally {
                FreshStore.deleteTree(folder);
            }
        }
    }

    private void onH2(Selection only, Path folder) throws Exception {
        String bind = "tcp://127.0.0.1:" + ChildJvm.freePort();
        String publish = "tcp://127.0.0.1:" + ChildJvm.freePort();
        try (ChildJvm hub = ChildJvm.start(jvmFlags, "dev.rewind.bus.HubMain", List.of("--store", "embedded:" + folder,
                "--bind", bind, "--publish", publish));
                RemoteEventStore store = connect(hub, bind, publish)) {
            FourWriters.append(store, "w4warmup", sizes.busAppendsPerClient() / 5);
            if (only.wants("w4", "append")) {
                double rate = FourWriters.append(store, "w4measured", sizes.busAppendsPerClient());
                figures.add("rewind_w4_remote_append_4clients", rate, "events/s");
            }
            if (only.wants("w4", "latency")) {
                latency(store, bind, publish);
            }
            if (only.wants("w4", "fanout")) {
                fanout(store, bind, publish);
            }
        }
    }

    /**
     * The append scenario once more against a hub on the in-memory store: what the transport and the two JVMs
     * allow on this machine, so the H2 figure can be read against it.
     */
    private void transportCeiling() throws Exception {
        String bind = "tcp://127.0.0.1:" + ChildJvm.freePort();
        String publish = "tcp://127.0.0.1:" + ChildJvm.freePort();
        try (ChildJvm hub = ChildJvm.start(jvmFlags, "dev.rewind.bus.HubMain", List.of("--store", "memory",
                "--bind", bind, "--publish", publish));
                RemoteEventStore store = connect(hub, bind, publish)) {
            FourWriters.append(store, "w4warmup", sizes.busAppendsPerClient() / 5);
            double rate = FourWriters.append(store, "w4measured", sizes.busAppendsPerClient());
            figures.add("rewind_w4_remote_append_4clients_memhub", rate, "events/s");
        }
    }

    private static RemoteEventStore connect(ChildJvm hub, String bind, String publish) {
        hub.awaitLine("rewind-hub: serving");
        return RemoteEventStore.connect(RemoteStoreConfig.of(bind, publish));
    }

    private void latency(RemoteEventStore store, String bind, String publish) throws IOException {
        int count = sizes.latencyCommands();
        long from = store.headPosition() + 1;
        try (ChildJvm subscriber = ChildJvm.start(jvmFlags, SubscriberMain.class.getName(), List.of("latency",
                bind, publish, Long.toString(from), Long.toString(count), "1"))) {
            subscriber.awaitLine("READY");
            for (int i = 0; i < count; i++) {
                String stream = "w4latency-" + (i % 10);
                store.append(stream, ExpectedVersion.any(), List.of(NewEvent.of("MoneyDeposited",
                        FourWriters.deposit(stream, i, System.nanoTime()))));
            }
            for (String line : subscriber.linesUntilExit("FIGURE ")) {
                String[] parts = line.split(" ");
                figures.add(parts[1], Double.parseDouble(parts[2]), parts[3]);
            }
        }
    }

    private void fanout(RemoteEventStore store, String bind, String publish) {
        int count = sizes.deposits();
        long from = store.headPosition() + 1;
        try (ChildJvm subscribers = ChildJvm.start(jvmFlags, SubscriberMain.class.getName(), List.of("fanout",
                bind, publish, Long.toString(from), Long.toString(count), "4"))) {
            subscribers.awaitLine("READY");
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(NewEvent.of("MoneyDeposited", FourWriters.deposit("w4fanout", i, System.nanoTime())));
                if (batch.size() == 100) {
                    store.append("w4fanout-" + (i / 100 % 50), ExpectedVersion.any(), batch);
                    batch = new ArrayList<>();
                }
            }
            for (String line : subscribers.linesUntilExit("FIGURE ")) {
                String[] parts = line.split(" ");
                figures.add(parts[1], Double.parseDouble(parts[2]), parts[3]);
            }
        }
    }
}
