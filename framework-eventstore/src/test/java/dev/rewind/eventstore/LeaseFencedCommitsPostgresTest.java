package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.spi.BatchCheckpoints;
import dev.rewind.core.spi.LeaseLostException;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import dev.rewind.eventstore.PartitionedProjectorsPostgresTest.NotesProjector;
import dev.rewind.eventstore.PartitionedProjectorsPostgresTest.Noted;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fence of partitioned commits on PostgreSQL: a batch saved under a lease no longer held commits nothing. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class LeaseFencedCommitsPostgresTest {

    @RegisterExtension
    final FreshSchema schema = new FreshSchema();

    private EventStoreBackend backend;

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void a_jdbc_batch_under_an_old_token_rolls_back_its_rows_and_checkpoints_and_one_under_the_current_commits()
            throws SQLException {
        // given: this process holds partition 0 of the projector's group
        backend = EventStores.openBackend(schema.config());
        DataSource pool = backend.dataSource().orElseThrow();
        NotesProjector notes = new NotesProjector(pool);
        notes.checkpoint(backend.checkpoints(), 0);
        Membership membership = backend.partitionLeases().join("projector:notes", 4, "", held -> { });
        PartitionLease current = membership.held().stream().filter(l -> l.partition() == 0).findFirst()
                .orElseThrow();
        PartitionLease stale = new PartitionLease(current.group(), 0, current.member(), "", current.token() - 1);
        List<EventEnvelope<?>> batch = List.of(note("a", 0, 7));
        // when / then: the stale token is refused with nothing written
        assertThatThrownBy(() -> notes.project(batch, 7, view(backend.checkpoints(), stale)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("notes#0");
        assertThat(rows(pool)).isZero();
        assertThat(backend.checkpoints().load("notes#0")).isZero();
        assertThat(backend.checkpoints().saveFenced(Map.of("notes#0", 7L), List.of(stale))).isFalse();
        assertThat(backend.checkpoints().load("notes#0")).isZero();
        // when / then: the current token commits rows and checkpoint together
        notes.project(batch, 7, view(backend.checkpoints(), current));
        assertThat(rows(pool)).isEqualTo(1);
        assertThat(backend.checkpoints().load("notes#0")).isEqualTo(7);
    }

    private static BatchCheckpoints view(CheckpointStore store, PartitionLease lease) {
        return new BatchCheckpoints(store, "notes", Map.of("notes#0", 0L), Map.of("notes#0", lease));
    }

    private static EventEnvelope<?> note(String stream, int n, long position) {
        return new EventEnvelope<>(UUID.randomUUID(), stream, n, position, "Noted.v1", Instant.now(),
                Metadata.empty(), new Noted(stream, n));
    }

    private static int rows(DataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement sql = connection.createStatement();
                ResultSet count = sql.executeQuery("SELECT count(*) FROM notes")) {
            count.next();
            return count.getInt(1);
        }
    }
}
