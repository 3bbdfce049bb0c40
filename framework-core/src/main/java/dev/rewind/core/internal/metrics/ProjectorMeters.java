package dev.rewind.core.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One projector's meters, by its name: {@code rewind.projector.position} and {@code rewind.projector.lag} (events
 * committed but not yet processed) as gauges, and {@code rewind.projector.events}, the log positions it has passed.
 * A projector that is made again under the same name (a restart of the runner) takes the meters over, since a gauge
 * is registered once per name.
 */
public final class ProjectorMeters {

    private static final ConcurrentMap<String, ProjectorMeters> BY_NAME = new ConcurrentHashMap<>();

    private volatile LongSupplier position = () -> 0;
    private volatile LongSupplier head = () -> 0;
    private final Counter events;

    private ProjectorMeters(String name) {
        Gauge.builder("rewind.projector.position", this, meters -> meters.position.getAsLong())
                .description("The log position a projector has processed up to").tag("projector", name)
                .strongReference(true).register(Metrics.globalRegistry);
        Gauge.builder("rewind.projector.lag", this, meters -> Math.max(0,
                        meters.head.getAsLong() - meters.position.getAsLong()))
                .description("Events committed that a projector has not processed yet").tag("projector", name)
                .strongReference(true).register(Metrics.globalRegistry);
        events = Counter.builder("rewind.projector.events")
                .description("Log positions a projector has passed (its throughput)").tag("projector", name)
                .register(Metrics.globalRegistry);
    }

    /** The meters of the projector {@code name}, now reading its position and the store's head from these. */
    public static ProjectorMeters track(String name, LongSupplier position, LongSupplier head) {
        ProjectorMeters meters = BY_NAME.computeIfAbsent(name, ProjectorMeters::new);
        meters.position = position;
        meters.head = head;
        return meters;
    }

    /** Counts positions passed. */
    public void passed(long positions) {
        if (positions > 0) {
            events.increment(positions);
        }
    }
}
