package dev.rewind.core.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A rebuild's switch-over outlives the runner, and projectors that would write one table are kept apart. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class RebuildSwitchOverTest {

    record Added(String key, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Added.v1", Added.class).build();

    /** Sums amounts per key, pretending to write the given tables. */
    static class Totals extends Projector {
        final Map<String, Long> sums = new ConcurrentHashMap<>();
        private final List<String> tables;

        Totals(String name, String... tables) {
            super(name);
            this.tables = List.of(tables);
            on(Added.class, e -> sums.merge(e.key(), e.amount(), Long::sum));
        }

        @Override
        public List<String> ownedTables() {
            return tables;
        }
    }

    /** The rebuilt version, with a fixed name and tables of its own, as a real replacement class has. */
    static final class TotalsV2 extends Totals {
        TotalsV2() {
            super("totals-v2", "totals_v2");
        }
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();

    private void add(String key, long amount) {
        store.append("sum-" + key, ExpectedVersion.any(), List.of(NewEvent.of("Added.v1",
                ("{\"key\":\"" + key + "\",\"amount\":" + amount + "}").getBytes(UTF_8))));
    }

    private ProjectionRunner runner(Function<Class<? extends Projector>, ? extends Projector> instantiator,
            Projector... projectors) {
        return new ProjectionRunner(store, new JacksonEventSerializer(TYPES), TYPES, checkpoints, List.of(projectors),
                instantiator);
    }

    private void rebuildTotals() throws Exception {
        add("a", 1);
        add("b", 2);
        try (ProjectionRunner first = runner(null, new Totals("totals", "totals"))) {
            first.start();
            ProjectionStatus switched = first.rebuild("totals", new TotalsV2()).switched().get(20, TimeUnit.SECONDS);
            assertThat(switched.servedBy()).isEqualTo("totals-v2");
        }
        add("a", 10);
    }

    @Test
    void after_a_restart_the_stable_name_is_served_by_the_replacement_the_runtime_creates() throws Exception {
        // given
        rebuildTotals();
        // when: the same code starts again, registering only the old projector
        try (ProjectionRunner again = runner(type -> {
            assertThat(type).isEqualTo(TotalsV2.class);
            return new TotalsV2();
        }, new Totals("totals", "totals"))) {
            again.start();
            // then
            assertThat(again.awaitPosition(store.headPosition(), Duration.ofSeconds(20))).isTrue();
            assertThat(again.status()).extracting(ProjectionStatus::name).containsExactly("totals");
            assertThat(again.status("totals").servedBy()).isEqualTo("totals-v2");
            assertThat(again.projector("totals", TotalsV2.class).sums).containsOnly(Map.entry("a", 11L),
                    Map.entry("b", 2L));
        }
    }

    @Test
    void a_replacement_registered_beside_the_old_projector_serves_its_name_after_a_restart() throws Exception {
        // given
        rebuildTotals();
        TotalsV2 registered = new TotalsV2();
        // when
        try (ProjectionRunner again = runner(null, new Totals("totals", "totals"), registered)) {
            again.start();
            // then
            assertThat(again.status()).extracting(ProjectionStatus::name).containsExactly("totals");
            assertThat(again.projector("totals", TotalsV2.class)).isSameAs(registered);
        }
    }

    @Test
    void a_runner_that_cannot_create_the_replacement_refuses_to_start_with_what_to_do() throws Exception {
        // given
        rebuildTotals();
        try (ProjectionRunner again = runner(null, new Totals("totals", "totals"))) {
            // then
            assertThatThrownBy(again::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'totals' was switched over by a rebuild to 'totals-v2'")
                    .hasMessageContaining(TotalsV2.class.getName())
                    .hasMessageContaining("Register the replacement beside 'totals'");
        }
    }

    @Test
    void two_projectors_writing_one_table_are_refused() {
        assertThatThrownBy(() -> runner(null, new Totals("totals", "totals"), new Totals("copy", "totals")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'copy' and 'totals' both write table 'totals'");
    }

    @Test
    void a_replacement_that_would_write_the_live_table_is_refused_and_the_current_one_keeps_serving() {
        // given
        add("a", 1);
        try (ProjectionRunner runner = runner(null, new Totals("totals", "totals"))) {
            runner.start();
            // then
            assertThatThrownBy(() -> runner.rebuild("totals", new Totals("totals-v2", "totals")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("both write table 'totals'")
                    .hasMessageContaining("needs tables of its own");
            assertThat(runner.status("totals").servedBy()).isEqualTo("totals");
            assertThat(store.readStream("rewind.projections")).isEmpty();
        }
    }
}
