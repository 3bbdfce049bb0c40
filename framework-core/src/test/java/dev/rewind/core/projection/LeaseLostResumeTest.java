package dev.rewind.core.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.projection.PartitionedProjectorTest.Notes;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class LeaseLostResumeTest {

    /** Checkpoints whose fenced save reports a lost lease the first {@code refusals} times. */
    static final class RefusingCheckpoints implements CheckpointStore {
        final AtomicInteger refusals;
        private final CheckpointStore saved = new InMemoryCheckpointStore();

        RefusingCheckpoints(int refusals) {
            this.refusals = new AtomicInteger(refusals);
        }

        @Override
        public long load(String projectorName) {
            return saved.load(projectorName);
        }

        @Override
        public void save(String projectorName, long position) {
            saved.save(projectorName, position);
        }

        @Override
        public boolean saveFenced(Map<String, Long> positions, Collection<PartitionLease> leases) {
            assertThat(leases).as("shared leases are checked").hasSameSizeAs(positions.keySet());
            return refusals.getAndDecrement() <= 0 && saved.saveFenced(positions, leases);
        }
    }

    @Test
    void a_batch_refused_for_a_lost_lease_is_dropped_and_the_projector_goes_on_from_its_checkpoints_unfailed() {
        // given
        InMemoryEventStore store = new InMemoryEventStore();
        EventTypes types = EventTypes.builder().add("Noted.v1", PartitionedProjectorTest.Noted.class).build();
        RefusingCheckpoints checkpoints = new RefusingCheckpoints(1);
        Map<String, List<Integer>> byStream = new ConcurrentHashMap<>();
        List<String> appliedBy = new CopyOnWriteArrayList<>();
        ScriptedLeases leases = new ScriptedLeases("one", new ScriptedLeases.Board());
        try (leases; ProjectionRunner runner = new ProjectionRunner(store, new JacksonEventSerializer(types), types,
                checkpoints, List.of(new Notes("one", 2, byStream, appliedBy)), null, leases)) {
            runner.start();
            leases.assign("projector:notes", 0, 1);
            // when
            long last = 0;
            for (int n = 0; n < 3; n++) {
                last = store.append("note-a", ExpectedVersion.any(), List.of(NewEvent.of("Noted.v1",
                        ("{\"stream\":\"note-a\",\"n\":" + n + "}").getBytes(UTF_8)))).lastPosition();
            }
            // then
            assertThat(runner.awaitPosition(last, Duration.ofSeconds(10))).isTrue();
            assertThat(runner.status("notes").state()).isNotEqualTo(ProjectionState.FAILED);
            assertThat(checkpoints.refusals.get()).as("the refusal was met").isNegative();
            assertThat(checkpoints.load("notes#0")).isEqualTo(last);
            assertThat(checkpoints.load("notes#1")).isEqualTo(last);
            assertThat(byStream.get("note-a").stream().distinct().toList()).containsExactly(0, 1, 2);
        }
    }
}
