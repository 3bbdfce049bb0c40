package dev.rewind.core.testing;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.process.DeadlineScheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deadlines of a {@link ProcessFixture}, on a clock that moves only when the fixture says so. Like the durable
 * scheduler, a key is used once: scheduling it again does nothing, whether it is pending, fired or cancelled.
 */
final class FixtureDeadlines implements DeadlineScheduler {

    enum Status { PENDING, FIRED, CANCELLED }

    /** One deadline; {@code order} breaks ties between deadlines due at the same instant. */
    record Deadline(String key, Instant dueAt, Object event, long order, Status status) {
        Deadline with(Status newStatus) {
            return new Deadline(key, dueAt, event, order, newStatus);
        }

        @Override
        public String toString() {
            return key + " due " + dueAt + " with " + event + " (" + status.name().toLowerCase() + ")";
        }
    }

    private final Map<String, Deadline> byKey = new LinkedHashMap<>();
    private final TestClock clock;

    FixtureDeadlines(Instant start) {
        this.clock = new TestClock(start);
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.now;
    }

    void moveTo(Instant instant) {
        clock.now = instant;
    }

    @Override
    public void schedule(String key, Instant dueAt, Object event, Metadata metadata) {
        byKey.putIfAbsent(key, new Deadline(key, dueAt, event, byKey.size(), Status.PENDING));
    }

    @Override
    public void cancel(String key) {
        byKey.computeIfPresent(key, (k, d) -> d.status() == Status.PENDING ? d.with(Status.CANCELLED) : d);
    }

    /** The first pending deadline due at or before {@code instant}, if any. */
    Optional<Deadline> firstDueBy(Instant instant) {
        return byKey.values().stream()
                .filter(d -> d.status() == Status.PENDING && !d.dueAt().isAfter(instant))
                .min(Comparator.comparing(Deadline::dueAt).thenComparingLong(Deadline::order));
    }

    void fired(Deadline deadline) {
        byKey.put(deadline.key(), deadline.with(Status.FIRED));
    }

    Optional<Deadline> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Every deadline, for failure messages. */
    String describe() {
        return byKey.isEmpty() ? "none" : byKey.values().toString();
    }

    @Override
    public void close() {
    }

    /** A clock that stands still until the fixture moves it. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
