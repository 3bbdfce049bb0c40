package dev.rewind.examples.benchmarks;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import java.util.Map;

/**
 * W1, W1c (4 and 16 threads), the aggregate-cache variants, W2 and W3 on one store kind, following
 * docs/benchmark-workload.md: warm-up in the same JVM, then repetitions on fresh stores, W2 and W3 on each W1
 * repetition's store, medians reported. On PostgreSQL ({@code pg}) each repetition also measures the database's own
 * own commit and stream-read rates ({@link PostgresLimits}), so the store's figures can be read against it.
 */
final class WorkloadPart {

    private final String kind;
    private final String postgresUrl;
    private final Sizes sizes;
    private final Figures figures;
    private final String prefix;

    /** {@code postgresUrl} is the database of {@code --store} for kind {@code pg}, else null. */
    WorkloadPart(String kind, String postgresUrl, Sizes sizes, Figures figures) {
        this.kind = kind;
        this.postgresUrl = postgresUrl;
        this.sizes = sizes;
        this.figures = figures;
        this.prefix = "rewind_" + kind + "_";
    }

    void run(Selection only) throws Exception {
        warmUp();
        for (int rep = 0; rep < sizes.repetitions(); rep++) {
            if (kind.equals("pg") && only.wants(kind, "l4")) {
                PostgresLimits.measure(postgresUrl, sizes.deposits() / 5, figures);
            }
            if (only.wants(kind, "w1") || only.wants(kind, "w2") || only.wants(kind, "w3")) {
                singleThreadRepetition(rep, only);
            }
            if (only.wants(kind, "w1c")) {
                threadsRepetition(RepositoryOptions.DEFAULTS, 4, "w1c_deposits_4threads");
            }
            if (only.wants(kind, "w1c16")) {
                threadsRepetition(RepositoryOptions.DEFAULTS, 16, "w1c_deposits_16threads");
            }
            if (only.wants(kind, "w1cache")) {
                RepositoryOptions cached = RepositoryOptions.DEFAULTS.withCacheSize(CommandScenarios.CACHE_SIZE);
                try (FreshStore fresh = fresh(); Rewind rewind = CommandScenarios.runtime(fresh, cached)) {
                    CommandScenarios.setup(rewind.commands(), sizes.accounts());
                    System.gc();
                    long nanos = CommandScenarios.depositsOneThread(rewind.commands(), sizes.accounts(), 0,
                            sizes.deposits());
                    EndState.check(rewind, sizes.accounts(), sizes.deposits());
                    figures.add(prefix + "w1_deposits_1thread_cache10k", CommandScenarios.perSecond(
                            sizes.deposits(), nanos), "cmd/s");
                }
                threadsRepetition(cached, 4, "w1c_deposits_4threads_cache10k");
            }
        }
    }

    private FreshStore fresh() {
        return FreshStore.open(kind, postgresUrl);
    }

    private void warmUp() throws InterruptedException {
        int fifth = sizes.deposits() / 5;
        try (FreshStore fresh = fresh(); Rewind rewind = CommandScenarios.runtime(fresh, RepositoryOptions.DEFAULTS)) {
            CommandScenarios.setup(rewind.commands(), sizes.accounts());
            CommandScenarios.depositsOneThread(rewind.commands(), sizes.accounts(), 0, fifth);
            long events = rewind.store().headPosition();
            ReadScenarios.openStream(rewind.store(), rewind.serializer(), events);
            BalanceProjector projector = new BalanceProjector("warm-up");
            try (Rewind projection = ReadScenarios.startProjection(fresh, projector)) {
                ReadScenarios.awaitApplied(projection, events);
                ReadScenarios.latencies(projection, projector, sizes.accounts(), sizes.warmupLatencyCommands());
            }
        }
        try (FreshStore fresh = fresh(); Rewind rewind = CommandScenarios.runtime(fresh, RepositoryOptions.DEFAULTS)) {
            CommandScenarios.setup(rewind.commands(), sizes.accounts());
            CommandScenarios.depositsInThreads(rewind.commands(), sizes.accounts(), fifth, 4);
        }
    }

    private void singleThreadRepetition(int rep, Selection only) {
        try (FreshStore fresh = fresh(); Rewind rewind = CommandScenarios.runtime(fresh, RepositoryOptions.DEFAULTS)) {
            CommandScenarios.setup(rewind.commands(), sizes.accounts());
            System.gc();
            long nanos = CommandScenarios.depositsOneThread(rewind.commands(), sizes.accounts(), 0, sizes.deposits());
            EndState.check(rewind, sizes.accounts(), sizes.deposits());
            figures.add(prefix + "w1_deposits_1thread", CommandScenarios.perSecond(sizes.deposits(), nanos), "cmd/s");
            long events = rewind.store().headPosition();
            long total = (long) sizes.deposits() * 100;

            System.gc();
            long start = System.nanoTime();
            Map<String, Long> balances = ReadScenarios.openStream(rewind.store(), rewind.serializer(), events);
            figures.add(prefix + "w2_openstream", CommandScenarios.perSecond(events, System.nanoTime() - start),
                    "events/s");
            ReadScenarios.checkBalances(balances, sizes.accounts(), total);

            BalanceProjector projector = new BalanceProjector("w2-tep-" + rep);
            System.gc();
            start = System.nanoTime();
            try (Rewind projection = ReadScenarios.startProjection(fresh, projector)) {
                ReadScenarios.awaitApplied(projection, events);
                figures.add(prefix + "w2_tep", CommandScenarios.perSecond(events, System.nanoTime() - start),
                        "events/s");
                ReadScenarios.checkBalances(projector.balances(), sizes.accounts(), total);
                if (only.wants(kind, "w3")) {
                    System.gc();
                    long[] micros = ReadScenarios.latencies(projection, projector, sizes.accounts(),
                            sizes.latencyCommands());
                    figures.add(prefix + "w3_latency_p50", Figures.percentile(micros, 50), "us");
                    figures.add(prefix + "w3_latency_p99", Figures.percentile(micros, 99), "us");
                    figures.add(prefix + "w3_latency_max", micros[micros.length - 1], "us");
                }
            }
        }
    }

    private void threadsRepetition(RepositoryOptions options, int threads, String figure)
            throws InterruptedException {
        try (FreshStore fresh = fresh(); Rewind rewind = CommandScenarios.runtime(fresh, options)) {
            CommandScenarios.setup(rewind.commands(), sizes.accounts());
            System.gc();
            long nanos = CommandScenarios.depositsInThreads(rewind.commands(), sizes.accounts(), sizes.deposits(),
                    threads);
            EndState.check(rewind, sizes.accounts(), sizes.deposits());
            figures.add(prefix + figure, CommandScenarios.perSecond(sizes.deposits(), nanos), "cmd/s");
        }
    }
}
