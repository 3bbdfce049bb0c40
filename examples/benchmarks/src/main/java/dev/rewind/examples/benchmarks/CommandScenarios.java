package dev.rewind.examples.benchmarks;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.command.CommandBus;
import dev.rewind.examples.benchmarks.BankWorkload.Deposit;
import dev.rewind.examples.benchmarks.BankWorkload.OpenAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** W1 (1 thread), W1c (4 or 16 threads) and their aggregate-cache variants: synchronous deposits, in cmd/s. */
final class CommandScenarios {

    /** Aggregate cache size of the cache variants (the framework's default is no cache). */
    static final int CACHE_SIZE = 10_000;

    private CommandScenarios() {
    }

    static Rewind runtime(FreshStore fresh, RepositoryOptions options) {
        return Rewind.builder().store(fresh.backend().store()).checkpoints(fresh.backend().checkpoints())
                .repositoryOptions(options).closeStoreOnClose(false).context(BankWorkload.context()).build();
    }

    static void setup(CommandBus commands, int accounts) {
        for (int i = 0; i < accounts; i++) {
            commands.send(new OpenAccount(BankWorkload.accountId(i), "owner-" + i));
        }
    }

    /** Deposits k = from..to-1, in order, one synchronous command each. Returns elapsed nanos. */
    static long depositsOneThread(CommandBus commands, int accounts, int from, int to) {
        long start = System.nanoTime();
        for (int k = from; k < to; k++) {
            commands.send(new Deposit(BankWorkload.accountId(k % accounts), 100));
        }
        return System.nanoTime() - start;
    }

    /** Deposits k = 0..count-1 from n threads; thread t takes the accounts with {@code (k % A) % n == t}. */
    static long depositsInThreads(CommandBus commands, int accounts, int count, int n) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int k = 0; k < count; k++) {
                        if ((k % accounts) % n == thread) {
                            commands.send(new Deposit(BankWorkload.accountId(k % accounts), 100));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "w1c-client-" + t));
        }
        threads.forEach(Thread::start);
        long begin = System.nanoTime();
        start.countDown();
        done.await();
        long elapsed = System.nanoTime() - begin;
        if (failure.get() != null) {
            throw new IllegalStateException("A W1c client failed", failure.get());
        }
        return elapsed;
    }

    static double perSecond(long count, long nanos) {
        return count * 1e9 / nanos;
    }
}
