package dev.rewind.core.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.spi.PartitionLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class PartitionedProjectorTest {

    record Noted(String stream, int n) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Noted.v1", Noted.class).build();
    private static final EventSerializer SERIALIZER = new JacksonEventSerializer(TYPES);
    private static final String GROUP = "projector:notes";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Notes every event it applies, with the runner that applied it; counts as durable so it takes leases. */
    static final class Notes extends Projector {
        final String runner;
        final Map<String, List<Integer>> byStream;
        final List<String> appliedBy;

        Notes(String runner, int partitions, Map<String, List<Integer>> byStream, List<String> appliedBy) {
            this("notes", runner, partitions, byStream, appliedBy);
        }

        Notes(String name, String runner, int partitions, Map<String, List<Integer>> byStream,
                List<String> appliedBy) {
            super(name);
            this.runner = runner;
            this.byStream = byStream;
            this.appliedBy = appliedBy;
            if (partitions > 1) {
                partitioned(partitions);
            }
            on(Noted.class, e -> {
                byStream.computeIfAbsent(e.stream(), s -> new CopyOnWriteArrayList<>()).add(e.n());
                appliedBy.add(runner + ":" + e.stream());
            });
        }

        @Override
        protected boolean readModelIsDurable() {
            return true;
        }
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ScriptedLeases.Board board = new ScriptedLeases.Board();
    private final Map<String, List<Integer>> byStream = new ConcurrentHashMap<>();
    private final List<String> appliedBy = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Nested
    class When_two_processes_share_four_partitions {

        @Test
        void each_applies_only_the_events_of_the_partitions_it_holds_once_and_in_stream_order() {
            // given
            ScriptedLeases one = leases("one");
            ScriptedLeases two = leases("two");
            ProjectionRunner first = runner("one", one, 4);
            ProjectionRunner second = runner("two", two, 4);
            one.assign(GROUP, 0, 1);
            two.assign(GROUP, 2, 3);
            // when
            long last = appendNotes(20, 5);
            // then
            assertThat(first.awaitPosition(last, WAIT)).isTrue();
            assertThat(second.awaitPosition(last, WAIT)).isTrue();
            assertEveryNoteOnceInOrder(20, 5);
            for (String applied : appliedBy) {
                String stream = applied.substring(applied.indexOf(':') + 1);
                int partition = PartitionLeases.partitionOf(stream, 4);
                assertThat(applied).startsWith(partition < 2 ? "one:" : "two:");
            }
            assertThat(checkpoints.load("notes#0")).isEqualTo(last);
            assertThat(checkpoints.load("notes#3")).isEqualTo(last);
            assertThat(checkpoints.load("notes")).as("no plain checkpoint for a partitioned projector").isZero();
        }

        @Test
        void waiting_for_a_position_waits_for_the_partitions_the_other_process_holds_too() {
            // given: the second process holds partitions 2 and 3 but has not started, so they do not advance
            ScriptedLeases one = leases("one");
            ProjectionRunner first = runner("one", one, 4);
            one.assign(GROUP, 0, 1);
            long last = appendNotes(20, 2);
            // when / then
            assertThat(first.awaitPosition(last, Duration.ofMillis(300))).isFalse();
            checkpoints.save("notes#2", last);
            checkpoints.save("notes#3", last);
            assertThat(first.awaitPosition(last, WAIT)).isTrue();
        }

        @Test
        void a_partition_handed_over_is_continued_from_its_checkpoint_by_the_new_holder() {
            // given
            ScriptedLeases one = leases("one");
            ScriptedLeases two = leases("two");
            ProjectionRunner first = runner("one", one, 4);
            ProjectionRunner second = runner("two", two, 4);
            one.assign(GROUP, 0, 1, 2, 3);
            long half = appendNotes(20, 3);
            assertThat(first.awaitPosition(half, WAIT)).isTrue();
            // when: the first gives partitions 2 and 3 up (its listener returns once it stopped), the second takes them
            one.assign(GROUP, 0, 1);
            two.assign(GROUP, 2, 3);
            long last = appendNotes(20, 3);
            // then
            assertThat(first.awaitPosition(last, WAIT)).isTrue();
            assertThat(second.awaitPosition(last, WAIT)).isTrue();
            assertEveryNoteOnceInOrder(20, 6);
            assertThat(second.status("notes").partitions()).extracting(PartitionStatus::holder)
                    .containsExactly("one", "one", "two", "two");
            assertThat(second.status("notes").partitions()).extracting(PartitionStatus::position)
                    .containsOnly(last);
        }

        @Test
        void a_process_holding_no_partition_stands_by_and_takes_all_when_the_other_leaves() {
            // given
            ScriptedLeases one = leases("one");
            ScriptedLeases two = leases("two");
            ProjectionRunner first = runner("one", one, 4);
            ProjectionRunner second = runner("two", two, 4);
            one.assign(GROUP, 0, 1, 2, 3);
            two.assign(GROUP);
            long half = appendNotes(10, 2);
            assertThat(first.awaitPosition(half, WAIT)).isTrue();
            assertThat(second.status("notes").state()).isEqualTo(ProjectionState.STANDBY);
            // when
            first.close();
            two.assign(GROUP, 0, 1, 2, 3);
            long last = appendNotes(10, 2);
            // then
            assertThat(second.awaitPosition(last, WAIT)).isTrue();
            assertEveryNoteOnceInOrder(10, 4);
            assertThat(second.status("notes").state()).isIn(ProjectionState.LIVE, ProjectionState.CATCHING_UP);
        }

        @Test
        void a_rebuild_is_refused_where_not_every_partition_is_held() {
            // given
            ScriptedLeases one = leases("one");
            ProjectionRunner first = runner("one", one, 4);
            one.assign(GROUP, 0, 1);
            // when / then
            assertThatThrownBy(() -> first.rebuild("notes", new Renamed(4)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds [0, 1]")
                    .hasMessageContaining("Stop the other processes");
            assertThatThrownBy(() -> first.rebuild("notes", new Renamed(2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitioned(4)");
        }
    }

    @Nested
    class When_one_process_holds_every_partition {

        @Test
        void a_rebuild_replays_into_a_replacement_partitioned_alike_and_switches_over() throws Exception {
            // given
            ProjectionRunner only = runner("one", PartitionLeases.local(), 4);
            long last = appendNotes(10, 3);
            assertThat(only.awaitPosition(last, WAIT)).isTrue();
            Map<String, List<Integer>> rebuilt = new ConcurrentHashMap<>();
            // when
            Rebuild rebuild = only.rebuild("notes", new Notes("notes_v2", "one", 4, rebuilt, appliedBy));
            // then
            assertThat(rebuild.switched().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).servedBy())
                    .isEqualTo("notes_v2");
            assertThat(rebuilt).isEqualTo(byStream);
            for (int p = 0; p < 4; p++) {
                assertThat(checkpoints.load("notes_v2#" + p)).isGreaterThanOrEqualTo(last);
            }
            assertThat(only.status("notes").partitions()).hasSize(4);
        }
    }

    @Nested
    class When_a_projector_has_one_partition {

        @Test
        void its_checkpoint_keeps_the_plain_name_and_its_status_lists_no_partitions() {
            // given
            ProjectionRunner only = runner("one", PartitionLeases.local(), 1);
            // when
            long last = appendNotes(5, 2);
            // then
            assertThat(only.awaitPosition(last, WAIT)).isTrue();
            assertThat(checkpoints.load("notes")).isEqualTo(last);
            assertThat(only.status("notes").partitions()).isEmpty();
            assertEveryNoteOnceInOrder(5, 2);
        }
    }

    /** A replacement for rebuild checks. */
    static final class Renamed extends Projector {
        Renamed(int partitions) {
            super("notes_v2");
            partitioned(partitions);
        }

        @Override
        protected boolean readModelIsDurable() {
            return true;
        }
    }

    private ScriptedLeases leases(String member) {
        ScriptedLeases leases = new ScriptedLeases(member, board);
        opened.add(leases);
        return leases;
    }

    private ProjectionRunner runner(String name, PartitionLeases leases, int partitions) {
        ProjectionRunner runner = new ProjectionRunner(store, SERIALIZER, TYPES, checkpoints,
                List.of(new Notes(name, partitions, byStream, appliedBy)), null, leases);
        opened.add(0, runner);
        runner.start();
        return runner;
    }

    /** Appends {@code rounds} notes to each of {@code streams} streams, round by round; returns the last position. */
    private long appendNotes(int streams, int rounds) {
        long last = 0;
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < streams; s++) {
                String stream = "note-" + s;
                int n = store.readStream(stream).size();
                last = store.append(stream, ExpectedVersion.any(), List.of(NewEvent.of("Noted.v1",
                        ("{\"stream\":\"" + stream + "\",\"n\":" + n + "}").getBytes(UTF_8)))).lastPosition();
            }
        }
        return last;
    }

    private void assertEveryNoteOnceInOrder(int streams, int perStream) {
        for (int s = 0; s < streams; s++) {
            List<Integer> expected = new ArrayList<>();
            for (int n = 0; n < perStream; n++) {
                expected.add(n);
            }
            assertThat(byStream.get("note-" + s)).as("note-" + s).containsExactlyElementsOf(expected);
        }
    }
}
