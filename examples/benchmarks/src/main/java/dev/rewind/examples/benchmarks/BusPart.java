package dev.rewind.examples.benchmarks;

import dev.rewind.bus.HubAddress;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * W4 and W4p, through hubs: the hubs run in JVMs of their own (on the embedded store, the memory store, or one or
 * two on PostgreSQL); this JVM is the appending client; a third JVM runs the latency projector or the subscribers
 * ({@link SubscriberMain}). Latency compares {@code System.nanoTime()} across JVMs, which on Linux reads the one
 * system-wide monotonic clock.
 */
final class BusPart {

    private final Sizes sizes;
    private final Figures figures;
    private final List<String> jvmFlags;
    private final String postgresUrl;

    /** {@code postgresUrl} is the runner's {@code --store}, or null: then the PostgreSQL scenarios are skipped. */
    BusPart(Sizes sizes, Figures figures, List<String> jvmFlags, String postgresUrl) {
        this.sizes = sizes;
        this.figures = figures;
        this.jvmFlags = jvmFlags;
        this.postgresUrl = postgresUrl;
    }

    /** Each repetition starts fresh hubs (and a fresh store folder or schema); the figures are medians over them. */
    void run(Selection only) throws Exception {
        if (postgresUrl == null && (only.wants("w4", "pghub") || only.wants("w4", "pg2hubs"))) {
            System.err.println("Skipping w4_pghub and w4_pg2hubs: they need a PostgreSQL database, name it with"
                    + " --store");
        }
        for (int rep = 0; rep < sizes.repetitions(); rep++) {
            Path folder = Files.createTempDirectory("rewind-w4-");
            try {
                if (List.of("append", "pipelined", "latency", "fanout").stream()
                        .anyMatch(scenario -> only.wants("w4", scenario))) {
                    onEmbedded(only, folder);
                }
            } finally {
                FreshStore.deleteTree(folder);
            }
            if (only.wants("w4", "memhub")) {
                transportCeiling();
            }
            if (postgresUrl != null && only.wants("w4", "pghub")) {
                onPostgres(1, "_pghub");
            }
            if (postgresUrl != null && only.wants("w4", "pg2hubs")) {
                onPostgres(2, "_pg2hubs");
            }
        }
    }

    private void onEmbedded(Selection only, Path folder) throws Exception {
        try (HubProcesses hubs = HubProcesses.start(jvmFlags, "embedded:" + folder, 1)) {
            List<RemoteEventStore> clients = hubs.clients();
            FourWriters.append(clients, "w4warmup", sizes.busAppendsPerClient() / 5);
            if (only.wants("w4", "append")) {
                double rate = FourWriters.append(clients, "w4measured", sizes.busAppendsPerClient());
                figures.add("rewind_w4_remote_append_4clients", rate, "events/s");
            }
            if (only.wants("w4", "pipelined")) {
                pipelined(hubs, "rewind_w4p_remote_append_4clients", "rewind_w4p_remote_e2e_latency_%s");
            }
            if (only.wants("w4", "latency")) {
                latency(clients.get(0), hubs.address(0), "rewind_w4_remote_e2e_latency_%s");
            }
            if (only.wants("w4", "fanout")) {
                fanout(clients.get(0), hubs.address(0));
            }
        }
    }

    /**
     * W4 and W4p through {@code count} hubs on one fresh PostgreSQL schema, the writers split across them; the
     * latency projector follows the last hub while the appends go through the first, so with two hubs an event
     * crosses from one hub to the other (PostgreSQL's NOTIFY) on its way.
     */
    private void onPostgres(int count, String suffix) throws Exception {
        PostgresSchema schema = PostgresSchema.fresh(postgresUrl);
        try (HubProcesses hubs = HubProcesses.start(jvmFlags, schema.url(), count)) {
            List<RemoteEventStore> clients = hubs.clients();
            FourWriters.append(clients, "w4warmup", sizes.busAppendsPerClient() / 5);
            figures.add("rewind_w4_remote_append_4clients" + suffix,
                    FourWriters.append(clients, "w4measured", sizes.busAppendsPerClient()), "events/s");
            pipelined(hubs, "rewind_w4p_remote_append_4clients" + suffix,
                    "rewind_w4p_remote_e2e_latency_%s" + suffix);
            latency(clients.get(0), hubs.address(count - 1), "rewind_w4_remote_e2e_latency_%s" + suffix);
        } finally {
            schema.drop();
        }
    }

    /**
     * W4p: the append scenario with each writer keeping many appends in flight (warmed up first), checked to have
     * stored every event once; then a fifth of it again while a projector follows, for the latency under that load.
     */
    private void pipelined(HubProcesses hubs, String rateName, String latencyNames) throws Exception {
        List<RemoteEventStore> clients = hubs.clients();
        int perWriter = sizes.busAppendsPerClient();
        FourWriters.appendPipelined(clients, "w4pwarmup", perWriter / 5);
        long before = clients.get(0).headPosition();
        double rate = FourWriters.appendPipelined(clients, "w4pmeasured", perWriter);
        long stored = clients.get(0).headPosition() - before;
        if (stored != 4L * perWriter) {
            throw new IllegalStateException("W4p acknowledged " + 4 * perWriter + " appends, but the store holds "
                    + stored + " new events");
        }
        figures.add(rateName, rate, "events/s");
        HubAddress projectorHub = hubs.address(clients.size() - 1);
        long from = clients.get(0).headPosition() + 1;
        try (ChildJvm subscriber = projector(projectorHub, from, 4 * (perWriter / 5), latencyNames)) {
            FourWriters.appendPipelined(clients, "w4platency", perWriter / 5);
            collect(subscriber);
        }
    }

    /**
     * The append scenario once more against a hub on the in-memory store: what the transport and the two JVMs
     * allow on this machine, so the H2 figure can be read against it.
     */
    private void transportCeiling() throws Exception {
        try (HubProcesses hubs = HubProcesses.start(jvmFlags, "memory", 1)) {
            FourWriters.append(hubs.clients(), "w4warmup", sizes.busAppendsPerClient() / 5);
            double rate = FourWriters.append(hubs.clients(), "w4measured", sizes.busAppendsPerClient());
            figures.add("rewind_w4_remote_append_4clients_memhub", rate, "events/s");
        }
    }

    /** W4's latency: appends one at a time through {@code store}, a projector following {@code projectorHub}. */
    private void latency(RemoteEventStore store, HubAddress projectorHub, String names) {
        int count = sizes.latencyCommands();
        try (ChildJvm subscriber = projector(projectorHub, store.headPosition() + 1, count, names)) {
            for (int i = 0; i < count; i++) {
                String stream = "w4latency-" + (i % 10);
                store.append(stream, ExpectedVersion.any(), List.of(NewEvent.of("MoneyDeposited",
                        FourWriters.deposit(stream, i, System.nanoTime()))));
            }
            collect(subscriber);
        }
    }

    /** A latency projector JVM following {@code hub} from {@code from} for {@code count} events, once it is READY. */
    private ChildJvm projector(HubAddress hub, long from, int count, String names) {
        ChildJvm subscriber = ChildJvm.start(jvmFlags, SubscriberMain.class.getName(), List.of("latency",
                hub.requests(), hub.events(), Long.toString(from), Long.toString(count), "1", names));
        try {
            subscriber.awaitLine("READY");
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
        return subscriber;
    }

    private void collect(ChildJvm subscriber) {
        for (String line : subscriber.linesUntilExit("FIGURE ")) {
            String[] parts = line.split(" ");
            figures.add(parts[1], Double.parseDouble(parts[2]), parts[3]);
        }
    }

    private void fanout(RemoteEventStore store, HubAddress hub) {
        int count = sizes.deposits();
        long from = store.headPosition() + 1;
        try (ChildJvm subscribers = ChildJvm.start(jvmFlags, SubscriberMain.class.getName(), List.of("fanout",
                hub.requests(), hub.events(), Long.toString(from), Long.toString(count), "4"))) {
            subscribers.awaitLine("READY");
            List<NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(NewEvent.of("MoneyDeposited", FourWriters.deposit("w4fanout", i, System.nanoTime())));
                if (batch.size() == 100) {
                    store.append("w4fanout-" + (i / 100 % 50), ExpectedVersion.any(), batch);
                    batch = new ArrayList<>();
                }
            }
            collect(subscribers);
        }
    }
}
