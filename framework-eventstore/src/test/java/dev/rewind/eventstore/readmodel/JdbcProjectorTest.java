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
    void open() {
        backend = EventStores.openBackend("embedded:" + folder);
        dataSource = backend.dataSource().orElseThrow();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private static EventEnvelope<?> envelope(long position, Object event) {
        return new EventEnvelope<>(UUID.randomUUID(), "account-acc-1", position - 1, position,
                event.getClass().getSimpleName() + ".v1", Instant.now(), Metadata.empty(), event);
    }

    private long balance() {
        return new SqlQueries(dataSource).first("SELECT cents FROM test_balances WHERE account = ?",
                row -> row.getLong(1), "acc-1").orElse(-1L);
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
    void a_projector_creates_the_tables_it_owns_before_the_first_event() {
        JdbcProjector projector = new TestBank.BalancesProjector(dataSource);

        assertThat(projector.checkpoint(CheckpointStore.inMemory())).isZero();

        assertThat(balance()).isEqualTo(-1);
        assertThat(projector.ownedTables()).containsExactly("test_balances");
    }

    @Test
    void a_projector_that_never_ran_empties_rows_it_did_not_write_but_keeps_its_own_after_that() throws Exception {
        // given: rows in the table from before this projector (another owner, or the same code under another name)
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute(TestBank.BALANCES_TABLE);
            connection.createStatement().execute("INSERT INTO test_balances (account, cents) VALUES ('acc-1', 99)");
        }
        JdbcProjector projector = new TestBank.BalancesProjector(dataSource);
        // when
        assertThat(projector.checkpoint(CheckpointStore.inMemory())).isZero();
        // then
        assertThat(balance()).isEqualTo(-1);
        projector.project(List.of(envelope(1, new TestBank.AccountOpened("acc-1"))), 1, CheckpointStore.inMemory());
        assertThat(new TestBank.BalancesProjector(dataSource).checkpoint(CheckpointStore.inMemory())).isEqualTo(1);
        assertThat(balance()).isZero();
    }

    @Test
    void a_projector_without_a_data_source_says_what_to_pass() {
        assertThatThrownBy(() -> new TestBank.BalancesProjector(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'balances'")
                .hasMessageContaining("EventStoreModule");
    }

    @Test
    void a_projector_that_declares_no_table_is_refused_at_start_with_what_to_declare() {
        JdbcProjector projector = new JdbcProjector("tableless", dataSource) {
        };

        assertThatThrownBy(() -> projector.checkpoint(CheckpointStore.inMemory()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'tableless'")
                .hasMessageContaining("ownsTable(");
    }

    @Test
    void a_table_statement_that_does_not_name_its_table_is_refused_when_declared() {
        assertThatThrownBy(() -> new JdbcProjector("typo", dataSource) {
            {
                ownsTable("orders", "CREATE TABLE order_rows (id INT)");
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'orders'")
                .hasMessageContaining("does not name it");
        assertThatThrownBy(() -> new JdbcProjector("injected", dataSource) {
            {
                ownsTable("orders; DROP TABLE x", "CREATE TABLE orders (id INT)");
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier");
    }

    @Test
    void a_reset_empties_every_owned_table_without_a_hand_written_reset() throws Exception {
        JdbcProjector projector = new TestBank.BalancesProjector(dataSource);
        projector.project(List.of(envelope(1, new TestBank.AccountOpened("acc-1"))), 1, CheckpointStore.inMemory());
        assertThat(balance()).isZero();

        try (Connection connection = dataSource.getConnection()) {
            projector.reset(new Sql(connection));
        }

        assertThat(balance()).isEqualTo(-1);
    }

    @Test
    void an_envelope_handler_sees_the_global_position() throws Exception {
        // given
        JdbcProjector projector = new JdbcProjector("positions", dataSource) {
            {
                ownsTable("test_balances", TestBank.BALANCES_TABLE);
                onSql(TestBank.AccountOpened.class, (e, envelope, sql) -> sql.update(
                        "INSERT INTO test_balances (account, cents) VALUES (?, ?)", e.accountId(),
                        envelope.globalPosition()));
            }
        };
        // when
        projector.project(List.of(envelope(7, new TestBank.AccountOpened("acc-1"))), 7, CheckpointStore.inMemory());
        // then
        assertThat(balance()).isEqualTo(7);
    }
}
