package dev.rewind.examples.benchmarks;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W5: fill a jdbc store with many events (10,000,000 over 100,000 streams in the full run), then compare W1c-style
 * appends against an empty store, replay everything, and report the peak live heap (heap in use after collections).
 */
final class ScalePart {

    private static final int FILL_BATCH = 100;

    private final Sizes sizes;
    private final Figures figures;
    private static final double MIB = 1024.0 * 1024.0;
    private final AtomicLong peakLiveHeap = new AtomicLong();

    ScalePart(Sizes sizes, Figures figures) {
        this.sizes = sizes;
        this.figures = figures;
    }

    void run() throws InterruptedException {
        Thread sampler = new Thread(this::sampleHeap, "w5-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try (FreshStore fresh = FreshStore.open("jdbc")) {
            EventStore store = fresh.backend().store();
            FourWriters.append(store, "w5warmup", sizes.busAppendsPerClient() / 5);
            double empty = FourWriters.append(store, "w5empty", sizes.busAppendsPerClient());
            fill(store);
            double atScale = FourWriters.append(store, "w5scaled", sizes.busAppendsPerClient());
            figures.add("rewind_jdbc_w5_append_empty", empty, "events/s");
            figures.add("rewind_jdbc_w5_append_at_10m", atScale, "events/s");
            figures.add("rewind_jdbc_w5_append_ratio_pct", 100 * atScale / empty, "pct");
            figures.add("rewind_jdbc_w5_h2_file_mib", fresh.fileBytes("rewind.mv.db") / MIB, "MiB");
            figures.add("rewind_jdbc_w5_event_log_mib", fresh.fileBytes("rewind-events.log") / MIB, "MiB");
            System.gc();
            long events = store.headPosition();
            long start = System.nanoTime();
            long read = replay(store, events);
            figures.add("rewind_jdbc_w5_replay_10m", CommandScenarios.perSecond(read, System.nanoTime() - start),
                    "events/s");
        }
        sampler.interrupt();
        recordHeap();
        figures.add("rewind_jdbc_w5_peak_heap_mib", peakLiveHeap.get() / (1024.0 * 1024.0), "MiB");
    }

    /** Fills the store with batched appends over {@code scaleStreams} streams, from two threads. */
    private void fill(EventStore store) throws InterruptedException {
        long perStream = sizes.scaleEvents() / sizes.scaleStreams();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int s = thread; s < sizes.scaleStreams(); s += 2) {
                        String stream = "fill-" + s;
                        for (long v = 0; v < perStream; v += FILL_BATCH) {
                            List<NewEvent> batch = new ArrayList<>(FILL_BATCH);
                            for (long i = v; i < Math.min(perStream, v + FILL_BATCH); i++) {
                                batch.add(NewEvent.of("MoneyDeposited", FourWriters.deposit(stream, i, 0)));
                            }
                            store.append(stream, ExpectedVersion.exactly(v - 1), batch);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "w5-fill-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Filling the W5 store failed", failure.get());
        }
    }

    private static long replay(EventStore store, long events) {
        long next = 1;
        long count = 0;
        long checksum = 0;
        while (next <= events) {
            List<RecordedEvent> batch = store.readAll(next, 10_000);
            for (RecordedEvent event : batch) {
                checksum += event.data().length;
                count++;
            }
            next = batch.get(batch.size() - 1).globalPosition() + 1;
        }
        if (count != events || checksum == 0) {
            throw new IllegalStateException("W5 replay read " + count + " of " + events + " events");
        }
        return count;
    }

    private void sampleHeap() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                recordHeap();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heap in use right after the last collection of each pool: the live data, not garbage. */
    private void recordHeap() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        peakLiveHeap.accumulateAndGet(live, Math::max);
    }
}
