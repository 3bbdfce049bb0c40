package dev.rewind.eventstore.internal.append;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The writer's meters, tagged with the store ({@code embedded} or {@code postgres}), on Micrometer's global
 * registry: {@code rewind.store.appends} (each append's time from the call to its acknowledgement),
 * {@code rewind.store.events} (events acknowledged; an idempotent re-send counts again), {@code rewind.store.commits}
 * (each group commit's write and flush: its count is the number of flushes) and {@code rewind.store.commit.appends}
 * (appends per group commit).
 */
final class AppendMeters {

    private final Timer appends;
    private final Counter events;
    private final Timer commits;
    private final DistributionSummary groupSizes;

    AppendMeters(String store) {
        appends = Timer.builder("rewind.store.appends").description("Appends, from the call to the acknowledgement")
                .tag("store", store).register(Metrics.globalRegistry);
        events = Counter.builder("rewind.store.events").description("Events acknowledged").tag("store", store)
                .register(Metrics.globalRegistry);
        commits = Timer.builder("rewind.store.commits").description("Group commits: write and flush to disk")
                .tag("store", store).register(Metrics.globalRegistry);
        groupSizes = DistributionSummary.builder("rewind.store.commit.appends")
                .description("Appends stored per group commit").tag("store", store).register(Metrics.globalRegistry);
    }

    /** Records a group commit of {@code appends} that took {@code nanos}. */
    void committed(int appends, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        groupSizes.record(appends);
    }

    /** Records one acknowledged append. */
    void acknowledged(PendingAppend append, long nowNanos) {
        appends.record(nowNanos - append.createdNanos, TimeUnit.NANOSECONDS);
        events.increment(append.events.size());
    }
}
