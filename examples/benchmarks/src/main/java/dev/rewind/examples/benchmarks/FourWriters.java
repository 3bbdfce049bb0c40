package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** W1c-style raw appends (W4, W5): 4 threads, each appending single events with exact versions to its own streams. */
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
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int writer = t;
            threads.add(new Thread(() -> {
                long[] versions = new long[STREAMS_PER_WRITER];
                Arrays.fill(versions, ExpectedVersion.NO_STREAM);
                try {
                    for (int i = 0; i < perWriter; i++) {
                        int s = i % versions.length;
                        String stream = label + "-" + writer + "x" + s;
                        store.append(stream, ExpectedVersion.exactly(versions[s]),
                                List.of(NewEvent.of("MoneyDeposited", deposit(stream, versions[s] + 1, 0))));
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
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("Appends of " + label + " failed", failure.get());
        }
        return CommandScenarios.perSecond(4L * perWriter, elapsed);
    }
}
