package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W1c-style raw appends (W4, W4p, W5): 4 threads, each appending single events with exact versions to its own
 * streams, synchronously or pipelined. Writer {@code t} uses store {@code t % stores.size()}, so writers are split
 * across several clients (hubs) when given several.
 */
final class FourWriters {

    private static final int STREAMS_PER_WRITER = 25;

    private FourWriters() {
    }

    static byte[] deposit(String stream, long version, long t0) {
        return ("{\"accountId\":\"" + stream + "\",\"amountCents\":100,\"newBalance\":" + (version + 1) * 100
                + ",\"t0\":" + t0 + "}").getBytes(UTF_8);
    }

    /** Appends {@code perWriter} events from each of 4 threads to streams named after {@code label}; events/s. */
    static double append(EventStore store, String label, int perWriter) throws InterruptedException {
        return append(List.of(store), label, perWriter);
    }

    /** The same, writer {@code t} waiting for each append on {@code stores.get(t % stores.size())}; events/s. */
    static double append(List<? extends EventStore> stores, String label, int perWriter)
            throws InterruptedException {
        return run(stores, label, perWriter, false);
    }

    /**
     * The same, but each writer sends its appends without waiting for them ({@code appendAsync}; the store bounds
     * how many are in flight), each event carrying the time of its call as {@code t0}; timed until every append is
     * acknowledged; events/s.
     */
    static double appendPipelined(List<? extends EventStore> stores, String label, int perWriter)
            throws InterruptedException {
        return run(stores, label, perWriter, true);
    }

    private static double run(List<? extends EventStore> stores, String label, int perWriter, boolean pipelined)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch acknowledged = new CountDownLatch(4 * perWriter);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int writer = t;
            EventStore store = stores.get(t % stores.size());
            threads.add(new Thread(() -> {
                long[] versions = new long[STREAMS_PER_WRITER];
                Arrays.fill(versions, ExpectedVersion.NO_STREAM);
                try {
                    for (int i = 0; i < perWriter && failure.get() == null; i++) {
                        int s = i % versions.length;
                        String stream = label + "-" + writer + "x" + s;
                        List<NewEvent> event = List.of(NewEvent.of("MoneyDeposited", deposit(stream, versions[s] + 1,
                                pipelined ? System.nanoTime() : 0)));
                        if (pipelined) {
                            store.appendAsync(stream, ExpectedVersion.exactly(versions[s]), event)
                                    .whenComplete((result, error) -> {
                                        if (error != null) {
                                            failure.compareAndSet(null, error);
                                        }
                                        acknowledged.countDown();
                                    });
                        } else {
                            store.append(stream, ExpectedVersion.exactly(versions[s]), event);
                            acknowledged.countDown();
                        }
                        versions[s]++;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, label + "-writer-" + t));
        }
        System.gc();
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        while (!acknowledged.await(100, TimeUnit.MILLISECONDS) && failure.get() == null) {
            // waiting for the last acknowledgement, or the first failure
        }
        long elapsed = System.nanoTime() - start;
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Appends of " + label + " failed", failure.get());
        }
        return CommandScenarios.perSecond(4L * perWriter, elapsed);
    }
}
