package dev.rewind.core.projection;

import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries, explicit skips, restarts after a fix, and blue/green rebuilds while events keep arriving. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class OperatorActionsTest {

    record Added(String key, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Added.v1", Added.class).build();

    /** Sums amounts per key; can be told to fail on one key, or to fail a number of times. */
    static final class Sums extends Projector {
        final Map<String, Long> sums = new ConcurrentHashMap<>();
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger transientFailures = new AtomicInteger();

        Sums(String name) {
            super(name);
            on(Added.class, e -> {
                if (broken.get() && e.key().equals("poison")) {
                    throw new IllegalArgumentException("cannot add to poison");
                }
                if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("database briefly away");
                }
                sums.merge(e.key(), e.amount(), Long::sum);
            });
        }

        @Override
        public ErrorPolicy errorPolicy() {
            return new ErrorPolicy(2, Duration.ofMillis(1));
        }
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    private void add(String key, long amount) {
        store.append("sum-" + key, ExpectedVersion.any(), List.of(NewEvent.of("Added.v1",
                ("{\"key\":\"" + key + "\",\"amount\":" + amount + "}").getBytes(UTF_8))));
    }

    private ProjectionRunner runner(Projector... projectors) {
        return new ProjectionRunner(store, new JacksonEventSerializer(TYPES), TYPES, checkpoints, List.of(projectors));
    }

    @Test
    void a_transient_failure_is_retried_and_nothing_is_applied_twice() {
        Sums sums = new Sums("sums");
        sums.transientFailures.set(2);
        add("a", 1);
        add("a", 2);
        try (ProjectionRunner runner = runner(sums)) {
            runner.start();
            assertThat(runner.awaitPosition(2, Duration.ofSeconds(10))).isTrue();
        }
        assertThat(sums.sums).containsExactly(Map.entry("a", 3L));
    }

    @Test
    void an_operator_skips_the_failing_event_explicitly_and_the_skip_is_recorded() {
        Sums sums = new Sums("sums");
        sums.broken.set(true);
        add("a", 1);
        add("poison", 5);
        add("a", 2);
        try (ProjectionRunner runner = runner(sums)) {
            runner.start();
            assertThat(runner.awaitPosition(3, Duration.ofSeconds(10))).isFalse();
            ProjectionStatus failed = runner.status("sums");
            assertThat(failed.state()).isEqualTo(ProjectionState.FAILED);
            assertThat(failed.failedAt()).isEqualTo(2);
            assertThat(failed.position()).isEqualTo(1);
            assertThatThrownBy(() -> runner.skip("sums", 3, "wrong event")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stopped at").hasMessageContaining("position 2");
            assertThatThrownBy(() -> runner.skip("sums", 2, " ")).isInstanceOf(IllegalArgumentException.class);

            runner.skip("sums", 2, "ticket OPS-7: poison test data");

            assertThat(runner.awaitPosition(3, Duration.ofSeconds(10))).isTrue();
            ProjectionStatus resumed = runner.status("sums");
            assertThat(resumed.state()).isEqualTo(ProjectionState.LIVE);
            assertThat(resumed.skipped()).containsExactly(
                    "position 2 (Added.v1) skipped by an operator: ticket OPS-7: poison test data");
        }
        assertThat(sums.sums).containsExactly(Map.entry("a", 3L));
    }

    @Test
    void after_the_fix_a_restart_resumes_at_the_failing_event() {
        Sums sums = new Sums("sums");
        sums.broken.set(true);
        add("poison", 5);
        add("a", 2);
        try (ProjectionRunner runner = runner(sums)) {
            runner.start();
            assertThat(runner.awaitPosition(2, Duration.ofSeconds(10))).isFalse();
            assertThatThrownBy(() -> runner.restart("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("known: [sums]");
            sums.broken.set(false);
            runner.restart("sums");
            assertThat(runner.awaitPosition(2, Duration.ofSeconds(10))).isTrue();
            assertThatThrownBy(() -> runner.restart("sums")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(sums.sums).containsOnly(Map.entry("poison", 5L), Map.entry("a", 2L));
    }

    @Test
    void a_rebuild_of_100000_events_while_new_ones_arrive_ends_with_the_read_model_of_a_fresh_replay()
            throws Exception {
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String json = "{\"key\":\"k" + (i % 97) + "\",\"amount\":" + i + "}";
            batch.add(NewEvent.of("Added.v1", json.getBytes(UTF_8)));
            if (batch.size() == 5_000) {
                store.append("sum-bulk", ExpectedVersion.any(), batch);
                batch = new ArrayList<>();
            }
        }
        Sums current = new Sums("sums");
        Sums replacement = new Sums("sums-v2");
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ProjectionRunner runner = runner(current)) {
            runner.start();
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get() && i < 20_000; i++) {
                    add("live" + (i % 5), 1);
                }
            }, "live-writer");
            writer.start();
            Rebuild rebuild = runner.rebuild("sums", replacement);
            RebuildProgress early = rebuild.progress();
            assertThat(early.eventsTotal()).isGreaterThanOrEqualTo(100_000);
            // while it rebuilds, the stable name is served by the current projector, and only one rebuild runs
            assertThat(runner.status("sums").servedBy()).isIn("sums", "sums-v2");
            assertThatThrownBy(() -> runner.rebuild("sums", new Sums("sums-v3")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("being rebuilt already");
            ProjectionStatus switched = rebuild.switched().get(30, TimeUnit.SECONDS);
            assertThat(switched.name()).isEqualTo("sums");
            assertThat(switched.servedBy()).isEqualTo("sums-v2");
            assertThat(rebuild.progress().switched()).isTrue();
            writing.set(false);
            writer.join();
            assertThat(runner.status()).extracting(ProjectionStatus::name).containsExactly("sums");
            assertThat(runner.status("sums").servedBy()).isEqualTo("sums-v2");
            assertThat(runner.projector("sums", Sums.class)).isSameAs(replacement);
            assertThat(runner.awaitPosition(store.headPosition(), Duration.ofSeconds(20))).isTrue();
        }
        Sums fresh = new Sums("fresh");
        try (ProjectionRunner replay = runner(fresh)) {
            replay.start();
            assertThat(replay.awaitPosition(store.headPosition(), Duration.ofSeconds(20))).isTrue();
        }
        assertThat(replacement.sums).isEqualTo(fresh.sums);
    }
}
