package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W4-style figures against a running hub (not run by the build): {@code java -cp ... dev.rewind.bus.HubBenchmark
 * tcp://127.0.0.1:5555 tcp://127.0.0.1:5556 [appendsPerThread] [latencySamples] [fanoutEvents]}.
 */
public final class HubBenchmark {

    private HubBenchmark() {
    }

    /** Runs the figures; arguments: request endpoint, publish endpoint, appends per thread, latency samples. */
    public static void main(String[] args) throws Exception {
        int perThread = args.length > 2 ? Integer.parseInt(args[2]) : 25_000;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        byte[] payload = "{\"accountId\":\"acc-000000\",\"amount\":100,\"currency\":\"EUR\"}".getBytes(UTF_8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (RemoteEventStore store = RemoteEventStore.connect(RemoteStoreConfig.of(args[0], args[1]))) {
            store.ping();
            // 4 client threads, each appending single events to its own streams with exact expected versions
            // daemon threads, so a failed run ends the JVM instead of hanging on the pool
            ExecutorService pool = Executors.newFixedThreadPool(4, task -> {
                Thread thread = new Thread(task, "hub-benchmark-client");
                thread.setDaemon(true);
                return thread;
            });
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int streams = 100;
                    long[] versions = new long[streams];
                    Arrays.fill(versions, ExpectedVersion.NO_STREAM);
                    for (int i = 0; i < perThread; i++) {
                        int s = i % streams;
                        store.append("account-" + run + "-" + thread + "-" + s, ExpectedVersion.exactly(versions[s]),
                                List.of(NewEvent.of("MoneyDeposited.v1", payload)));
                        versions[s]++;
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("w4_remote_append_4clients: %.0f events/s (%d events in %.2f s)%n",
                    4.0 * perThread / seconds, 4 * perThread, seconds);

            // append-to-subscriber latency, one append at a time
            Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
            long[] latencies = new long[samples];
            AtomicLong received = new AtomicLong();
            CountDownLatch all = new CountDownLatch(samples);
            long from = store.headPosition() + 1;
            try (Subscription subscription = store.subscribe(from, EventFilter.categories("latency"), batch -> {
                long now = System.nanoTime();
                batch.forEach(event -> {
                    Long at = sentAt.get(event.eventId());
                    if (at != null) {
                        latencies[(int) received.getAndIncrement()] = now - at;
                        all.countDown();
                    }
                });
            })) {
                for (int i = 0; i < 200; i++) {
                    store.append("warmup-" + run, ExpectedVersion.any(), List.of(NewEvent.of("Warm.v1", payload)));
                }
                for (int i = 0; i < samples; i++) {
                    NewEvent event = NewEvent.of("MoneyDeposited.v1", payload);
                    sentAt.put(event.eventId(), System.nanoTime());
                    store.append("latency-" + run, ExpectedVersion.any(), List.of(event));
                }
                if (!all.await(60, TimeUnit.SECONDS)) {
                    System.out.println("only " + received.get() + " of " + samples + " latency samples arrived");
                }
            }
            report(latencies, (int) received.get());
            fanout(store, payload, run, args.length > 4 ? Integer.parseInt(args[4]) : 100_000);
        }
    }

    /** Four live subscribers while events are appended in batches of 100: events/s reaching the slowest one. */
    private static void fanout(RemoteEventStore store, byte[] payload, String run, int events) throws Exception {
        long from = store.headPosition() + 1;
        long last = from + events - 1;
        List<Subscription> subscriptions = new ArrayList<>();
        boolean[] inOrder = {true, true, true, true};
        CountDownLatch all = new CountDownLatch(4);
        for (int s = 0; s < 4; s++) {
            long[] seen = {from - 1};
            int index = s;
            subscriptions.add(store.subscribe(from, EventFilter.all(), batch -> {
                for (var event : batch) {
                    if (event.globalPosition() != seen[0] + 1) {
                        inOrder[index] = false;
                    }
                    seen[0] = event.globalPosition();
                }
                if (seen[0] >= last) {
                    all.countDown();
                }
            }));
        }
        long start = System.nanoTime();
        for (int i = 0; i < events / 100; i++) {
            List<NewEvent> batch = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                batch.add(NewEvent.of("MoneyDeposited.v1", payload));
            }
            store.append("fanout-" + run + "-" + i, ExpectedVersion.noStream(), batch);
        }
        boolean done = all.await(300, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        subscriptions.forEach(Subscription::close);
        System.out.printf("w4_fanout_4subscribers: %.0f events/s to the slowest of 4 (%d events in %.2f s), all"
                + " complete %s, each once in order %s%n", events / seconds, events, seconds, done,
                inOrder[0] && inOrder[1] && inOrder[2] && inOrder[3]);
    }

    private static void report(long[] latencies, int count) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        System.out.printf("w4_remote_e2e_latency: p50 %d us, p99 %d us, max %d us (%d samples)%n",
                sorted[sorted.length / 2] / 1000, sorted[(int) (sorted.length * 0.99)] / 1000,
                sorted[sorted.length - 1] / 1000, sorted.length);
    }
}
