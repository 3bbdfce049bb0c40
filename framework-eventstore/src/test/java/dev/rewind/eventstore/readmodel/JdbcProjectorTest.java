package dev.rewind.eventstore.readmodel;

import dev.rewind.core.spi.CheckpointStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbcProjectorTest {

    @TempDir
    Path folder;

    private EventStoreBackend backend;
    private DataSource dataSource;

    @BeforeEach
    void open() throws SQLException {
        backend = EventStores.openBackend("embedded:" + folder);
        dataSource = backend.dataSource().orElseThrow();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(TestBank.BALANCES_TABLE);
        }
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private static EventEnvelope<?> envelope(long position, Object event) {
        return new EventEnvelope<>(UUID.randomUUID(), "account-acc-1", position - 1, position,
                event.getClass().getSimpleName() + ".v1", Instant.now(), Metadata.empty(), event);
    }

    private long balance() throws SQLException {
        Sql sql = new Sql(dataSource.getConnection());
        try (Connection ignored = sql.connection()) {
            return sql.queryFirst("SELECT cents FROM test_balances WHERE account = ?", row -> row.getLong(1), "acc-1")
                    .orElse(-1L);
        }
    }

    @Test
    void a_batch_and_its_checkpoint_commit_together() throws Exception {
        // given
        JdbcProjector projector = new TestBank.BalancesProjector(dataSource);
        // when
        projector.project(List.of(envelope(1, new TestBank.AccountOpened("acc-1")),
                envelope(2, new TestBank.MoneyDeposited("acc-1", 5, 5))), 2, CheckpointStore.inMemory());
        // then
        assertThat(balance()).isEqualTo(5);
        assertThat(projector.checkpoint(CheckpointStore.inMemory())).isEqualTo(2);
        assertThat(backend.checkpoints().load("balances")).isEqualTo(2);
    }

    @Test
    void a_failing_handler_rolls_back_the_whole_batch_and_its_checkpoint() throws Exception {
        // given
        JdbcProjector projector = new TestBank.BalancesProjector(dataSource);
        projector.project(List.of(envelope(1, new TestBank.AccountOpened("acc-1"))), 1, CheckpointStore.inMemory());
        // when: the second opening of the same account breaks the primary key
        List<EventEnvelope<?>> batch = List.of(envelope(2, new TestBank.MoneyDeposited("acc-1", 7, 7)),
                envelope(3, new TestBank.AccountOpened("acc-1")));
        // then
        assertThatThrownBy(() -> projector.project(batch, 3, CheckpointStore.inMemory()))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("'balances'").hasMessageContaining("position 3")
                .hasMessageContaining("rolled back");
        assertThat(balance()).isZero();
        assertThat(projector.checkpoint(CheckpointStore.inMemory())).isEqualTo(1);
    }

    @Test
    void a_projector_without_a_data_source_says_what_to_do() {
        JdbcProjector projector = new JdbcProjector("orphan") {
            @Override
            protected void reset(Sql sql) {
                throw new AssertionError("an orphan has no read model to reset");
            }
        };
        assertThatThrownBy(() -> projector.checkpoint(CheckpointStore.inMemory()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("attach(dataSource)");
        assertThat(projector.attach(dataSource).checkpoint(CheckpointStore.inMemory())).isZero();
    }

    @Test
    void an_envelope_handler_sees_the_global_position() throws Exception {
        // given
        JdbcProjector projector = new JdbcProjector("positions", dataSource) {
            {
                onSql(TestBank.AccountOpened.class, (e, envelope, sql) -> sql.update(
                        "INSERT INTO test_balances (account, cents) VALUES (?, ?)", e.accountId(),
                        envelope.globalPosition()));
            }

            @Override
            protected void reset(Sql sql) throws SQLException {
                sql.update("DELETE FROM test_balances");
            }
        };
        // when
        projector.project(List.of(envelope(7, new TestBank.AccountOpened("acc-1"))), 7, CheckpointStore.inMemory());
        // then
        assertThat(balance()).isEqualTo(7);
    }
}
