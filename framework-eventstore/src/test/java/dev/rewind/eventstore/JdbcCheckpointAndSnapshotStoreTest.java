package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.spi.Snapshot;
import dev.rewind.core.spi.SnapshotStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbcCheckpointAndSnapshotStoreTest {

    @TempDir
    Path folder;

    @Test
    void checkpoints_start_at_0_and_survive_a_restart() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder)) {
            // opening sets back checkpoints past the log's head: let the log hold position 42
            for (int i = 0; i < 42; i++) {
                backend.store().append("filler", ExpectedVersion.any(), List.of(NewEvent.of("Filler.v1",
                        new byte[0])));
            }
            CheckpointStore checkpoints = backend.checkpoints();
            assertThat(checkpoints.load("balances")).isZero();
            checkpoints.save("balances", 41);
            checkpoints.save("balances", 42);
            checkpoints.save("other", 7);
        }
        try (EventStoreBackend reopened = EventStores.openBackend("embedded:" + folder)) {
            assertThat(reopened.checkpoints().load("balances")).isEqualTo(42);
            assertThat(reopened.checkpoints().load("other")).isEqualTo(7);
        }
    }

    @Test
    void a_snapshot_store_keeps_the_newest_snapshot_per_stream() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder)) {
            SnapshotStore snapshots = backend.snapshots();
            assertThat(snapshots.load("account-1")).isEmpty();
            snapshots.save(new Snapshot("account-1", 10, new byte[] {1, 2}));
            snapshots.save(new Snapshot("account-1", 20, new byte[] {3}));
            snapshots.save(new Snapshot("account-1", 15, new byte[] {9, 9}));
            snapshots.save(new Snapshot("account-2", 1, new byte[0]));

            Snapshot newest = snapshots.load("account-1").orElseThrow();
            assertThat(newest.version()).isEqualTo(20);
            assertThat(newest.data()).containsExactly(3);
            assertThat(snapshots.load("account-2").orElseThrow().data()).isEmpty();
        }
    }
}
