package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.eventstore.internal.jdbc.JdbcCheckpointStore;
import dev.rewind.eventstore.internal.jdbc.JdbcSnapshotStore;
import dev.rewind.eventstore.internal.log.EmbeddedEventStore;
import dev.rewind.eventstore.readmodel.TestBank;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class EventStoreModuleTest {

    @TempDir
    Path folder;

    @Test
    void rewind_with_the_jdbc_module_sends_commands_end_to_end_and_projects_exactly_once() throws Exception {
        // given
        Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:" + folder),
                new TestBank.BankModule());
        DataSource dataSource = injector.getInstance(DataSource.class);
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            // when
            rewind.commands().send(new TestBank.OpenAccount("acc-1"));
            rewind.commands().send(new TestBank.Deposit("acc-1", 250));
            CommandResult last = rewind.commands().send(new TestBank.Deposit("acc-1", 100));
            // then
            assertThat(last.position()).isEqualTo(3);
            assertThat(last.version()).isEqualTo(2);
            EventStore store = injector.getInstance(EventStore.class);
            assertThat(store).isInstanceOf(EmbeddedEventStore.class);
            assertThat(store.readStream(last.streamId())).extracting(RecordedEvent::type)
                    .containsExactly("AccountOpened.v1", "MoneyDeposited.v1", "MoneyDeposited.v1");
            assertThat(rewind.projections().awaitPosition(3, Duration.ofSeconds(20))).isTrue();
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT cents FROM test_balances WHERE account = 'acc-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(350);
            }
            CheckpointStore checkpoints = injector.getInstance(CheckpointStore.class);
            assertThat(checkpoints).isInstanceOf(JdbcCheckpointStore.class);
            assertThat(checkpoints.load("balances")).isEqualTo(3);
            assertThat(injector.getInstance(RepositoryOptions.class).snapshotStore())
                    .isInstanceOf(JdbcSnapshotStore.class);
        }
    }

    @Test
    void the_memory_configuration_binds_the_in_memory_store_and_no_data_source() {
        // when
        Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("memory"));
        // then
        try (EventStore store = injector.getInstance(EventStore.class)) {
            assertThat(store.getClass().getSimpleName()).isEqualTo("InMemoryEventStore");
        }
        assertThatThrownBy(() -> injector.getInstance(DataSource.class)).hasMessageContaining("DataSource");
    }

    @Test
    void a_bad_configuration_string_fails_when_the_module_is_made() {
        assertThatThrownBy(() -> new EventStoreModule("mysql://nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mysql://nope")
                .hasMessageContaining("embedded:<folder>");
    }
}
