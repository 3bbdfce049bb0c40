package dev.rewind.examples.benchmarks;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.examples.benchmarks.BankWorkload.AccountOpened;
import dev.rewind.examples.benchmarks.BankWorkload.Deposit;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyDeposited;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyWithdrawn;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** W2 (replay: raw read-all and the projection runner) and W3 (command-to-projection latency). */
final class ReadScenarios {

    private static final int READ_BATCH = 10_000;

    private ReadScenarios() {
    }

    /** W2 openstream: reads the global log through the store's read-all API into a map. Returns the map. */
    static Map<String, Long> openStream(EventStore store, EventSerializer serializer, long events) {
        Map<String, Long> balances = new HashMap<>();
        long next = 1;
        while (next <= events) {
            List<RecordedEvent> batch = store.readAll(next, READ_BATCH);
            if (batch.isEmpty()) {
                throw new IllegalStateException("The log ended at " + (next - 1) + " of " + events + " events");
            }
            for (RecordedEvent stored : batch) {
                Object event = serializer.deserialize(stored);
                if (event instanceof AccountOpened e) {
                    balances.put(e.accountId(), 0L);
                } else if (event instanceof MoneyDeposited e) {
                    balances.put(e.accountId(), e.newBalance());
                } else if (event instanceof MoneyWithdrawn e) {
                    balances.put(e.accountId(), e.newBalance());
                }
            }
            next = batch.get(batch.size() - 1).globalPosition() + 1;
        }
        return balances;
    }

    /** W2 tep: starts the projection runner with a fresh projector and waits until it applied {@code events}. */
    static Rewind startProjection(FreshStore fresh, BalanceProjector projector) {
        return Rewind.builder().store(fresh.backend().store()).checkpoints(fresh.backend().checkpoints())
                .repositoryOptions(RepositoryOptions.DEFAULTS).closeStoreOnClose(false)
                .context(BankWorkload.context(projector)).build().start();
    }

    static void awaitApplied(Rewind rewind, long position) {
        if (!rewind.projections().awaitPosition(position, Duration.ofMinutes(5))) {
            throw new IllegalStateException("The projection did not reach " + position + ": "
                    + rewind.projections().status());
        }
    }

    /** W3: each deposit sent synchronously, then waited for in the projection. Returns sorted latencies in µs. */
    static long[] latencies(Rewind rewind, BalanceProjector projector, int accounts, int commands) {
        long[] micros = new long[commands];
        for (int k = 0; k < commands; k++) {
            long t0 = System.nanoTime();
            long position = rewind.commands().send(new Deposit(BankWorkload.accountId(k % accounts), 100)).position();
            awaitApplied(rewind, position);
            if (projector.appliedPosition() != position) {
                throw new IllegalStateException("The projection is at " + projector.appliedPosition()
                        + ", expected " + position);
            }
            micros[k] = (projector.appliedAtNanos() - t0) / 1_000;
        }
        Arrays.sort(micros);
        return micros;
    }

    /** The end-state check of W2: one entry per account, balances summing to the deposits times 100. */
    static void checkBalances(Map<String, Long> balances, int accounts, long depositsTimes100) {
        long sum = balances.values().stream().mapToLong(Long::longValue).sum();
        if (balances.size() != accounts || sum != depositsTimes100) {
            throw new IllegalStateException("End state wrong: " + balances.size() + " accounts (expected "
                    + accounts + "), balances sum " + sum + " (expected " + depositsTimes100 + ")");
        }
    }
}
