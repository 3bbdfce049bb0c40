package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.spi.CheckpointStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.log.OpenMarker;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.eventstore.readmodel.JdbcProjectorCrashTest;
import dev.rewind.eventstore.readmodel.Sql;
import dev.rewind.eventstore.readmodel.TestBank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC read models after an embedded store was left open: each JDBC projector starts over once, whenever it next runs.
 * A marker file put back by hand stands for a killed process here; {@link JdbcProjectorCrashTest} kills real ones.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadModelRecoveryTest {

    @TempDir
    Path folder;

    /** Adds each deposit to a row of its own projector's name, and counts its resets. */
    private static final class Deposits extends JdbcProjector {

        private int resets;
        private boolean failReset;

        Deposits(String name, DataSource dataSource) {
            super(name, dataSource);
            ownsTable("test_balances", TestBank.BALANCES_TABLE);
            onSql(TestBank.MoneyDeposited.class, (e, sql) -> sql.update(
                    "UPDATE test_balances SET cents = cents + ? WHERE account = ?", e.cents(), name()));
        }

        @Override
        protected void reset(Sql sql) throws SQLException {
            resets++;
            if (failReset) {
                throw new SQLException("no permission to delete");
            }
            sql.update("UPDATE test_balances SET cents = 0 WHERE account = ?", name());
        }

        void deposit(long position) {
            project(List.of(new EventEnvelope<>(UUID.randomUUID(), "account-1", position - 1, position,
                    "MoneyDeposited.v1", Instant.now(), Metadata.empty(), new TestBank.MoneyDeposited("acc-1", 5,
                            5 * position))), position, CheckpointStore.inMemory());
        }

        long start() {
            return checkpoint(CheckpointStore.inMemory());
        }
    }

    private EventStoreBackend open() throws SQLException {
        EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
        // the checkpoints below name positions up to 5, which opening sets back unless the log holds them
        while (backend.store().headPosition() < 5) {
            backend.store().append("filler", ExpectedVersion.any(), List.of(NewEvent.of("Filler.v1", new byte[0])));
        }
        try (Connection connection = backend.dataSource().orElseThrow().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(TestBank.BALANCES_TABLE);
            for (String account : List.of("a", "b")) {
                sql.execute("INSERT INTO test_balances (account, cents) SELECT '" + account + "', 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM test_balances WHERE account = '" + account + "')");
            }
        }
        return backend;
    }

    private static long cents(EventStoreBackend backend, String account) throws SQLException {
        try (Connection connection = backend.dataSource().orElseThrow().getConnection()) {
            return new Sql(connection).queryFirst("SELECT cents FROM test_balances WHERE account = ?",
                    row -> row.getLong(1), account).orElseThrow();
        }
    }

    /** Stands for a process killed with the store open: what it leaves is the marker. */
    private void leaveOpen() throws Exception {
        Files.createFile(folder.resolve(OpenMarker.FILE_NAME));
    }

    @Test
    void the_marker_lives_from_opening_to_a_clean_close() throws Exception {
        try (EventStoreBackend ignored = open()) {
            assertThat(folder.resolve(OpenMarker.FILE_NAME)).exists();
        }
        assertThat(folder.resolve(OpenMarker.FILE_NAME)).doesNotExist();
    }

    @Test
    void after_a_clean_close_a_projector_goes_on_from_its_checkpoint() throws Exception {
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            a.deposit(1);
            a.deposit(2);
        }
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            assertThat(a.start()).isEqualTo(2);
            assertThat(a.resets).isZero();
            assertThat(cents(backend, "a")).isEqualTo(10);
        }
    }

    @Test
    void after_an_unclean_stop_each_projector_starts_over_once_even_if_it_runs_later() throws Exception {
        // given: two projectors with effects, then a stop without close
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            Deposits b = new Deposits("b", backend.dataSource().orElseThrow());
            a.deposit(1);
            b.deposit(1);
        }
        leaveOpen();
        // when: only a runs in the next process
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            // then
            assertThat(a.start()).isZero();
            assertThat(a.start()).as("a second start in the same opening").isZero();
            assertThat(a.resets).isEqualTo(1);
            assertThat(cents(backend, "a")).isZero();
            assertThat(backend.checkpoints().load("a")).isZero();
            a.deposit(1);
        }
        // and: b, which did not run then, starts over when it next runs; a does not again
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            Deposits b = new Deposits("b", backend.dataSource().orElseThrow());
            assertThat(a.start()).isEqualTo(1);
            assertThat(a.resets).isZero();
            assertThat(cents(backend, "a")).isEqualTo(5);
            assertThat(b.start()).isZero();
            assertThat(b.resets).isEqualTo(1);
            assertThat(cents(backend, "b")).isZero();
        }
    }

    @Test
    void a_failing_reset_keeps_the_read_model_and_says_what_to_fix() throws Exception {
        try (EventStoreBackend backend = open()) {
            new Deposits("a", backend.dataSource().orElseThrow()).deposit(1);
        }
        leaveOpen();
        try (EventStoreBackend backend = open()) {
            Deposits a = new Deposits("a", backend.dataSource().orElseThrow());
            a.failReset = true;
            assertThatThrownBy(a::start).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("'a'").hasMessageContaining("no permission to delete")
                    .hasMessageContaining("could not empty its tables");
            assertThat(backend.checkpoints().load("a")).isEqualTo(1);
            a.failReset = false;
            assertThat(a.start()).as("the next start tries again").isZero();
            assertThat(cents(backend, "a")).isZero();
        }
    }
}
