package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A rough throughput check of the embedded store with its defaults (not a test; surefire does not run it): appends
 * with a stream read before each (1 and 4 threads, one event per command, like the bank workload's deposits) and
 * readAll.
 * Run: {@code java -cp <test classpath> dev.rewind.eventstore.EmbeddedStoreBenchmark [deposits]}.
 */
public final class EmbeddedStoreBenchmark {

    private static final int ACCOUNTS = 1_000;

    private EmbeddedStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int deposits = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        run(deposits / 5, 1);
        run(deposits / 5, 4);
        System.out.println("h2_w1_1thread " + run(deposits, 1) + " cmd/s");
        System.out.println("h2_w1c_4threads " + run(deposits, 4) + " cmd/s");
    }

    private static long run(int deposits, int threads) throws Exception {
        Path folder = Files.createTempDirectory("rewind-bench");
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                store.append("account-acc-" + i, ExpectedVersion.noStream(), List.of(event(
                        "{\"accountId\":\"acc-" + i + "\",\"owner\":\"owner-" + i + "\"}")));
            }
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                new Thread(() -> {
                    try {
                        start.await();
                        for (int k = 0; k < deposits; k++) {
                            int account = k % ACCOUNTS;
                            if (account % threads == thread) {
                                deposit(store, account);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            System.gc();
            long began = System.nanoTime();
            start.countDown();
            done.await();
            long rate = deposits * 1_000_000_000L / (System.nanoTime() - began);
            if (threads == 1) {
                readAll(store);
            }
            System.out.println("(" + threads + " threads, " + deposits + " deposits: H2 file "
                    + Files.size(folder.resolve("rewind.mv.db")) / (1 << 20) + " MiB)");
            return rate;
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void deposit(EventStore store, int account) {
        String stream = "account-acc-" + account;
        List<RecordedEvent> history = store.readStream(stream);
        long balance = history.size() * 100L;
        store.append(stream, ExpectedVersion.exactly(history.size() - 1), List.of(event(
                "{\"accountId\":\"acc-" + account + "\",\"amountCents\":100,\"newBalance\":" + balance + "}")));
    }

    private static void readAll(EventStore store) {
        for (int round = 0; round < 3; round++) {
            System.gc();
            long began = System.nanoTime();
            long read = 0;
            long position = 1;
            while (true) {
                List<RecordedEvent> batch = store.readAll(position, 10_000);
                if (batch.isEmpty()) {
                    break;
                }
                read += batch.size();
                position = batch.get(batch.size() - 1).globalPosition() + 1;
            }
            System.out.println("h2_readall " + read * 1_000_000_000L / (System.nanoTime() - began) + " events/s over "
                    + read + " events");
        }
    }

    private static NewEvent event(String json) {
        return NewEvent.of("MoneyDeposited.v1", json.getBytes(UTF_8));
    }
}
