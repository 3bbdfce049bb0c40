package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up against existing databases: the schema version is recorded, a newer one is refused, bad targets fail. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SchemaVersionTest {

    private static final String NEWER = "INSERT INTO rewind_schema_version (version, description, applied_at)"
            + " VALUES (99, 'V99__from_the_future.sql', CURRENT_TIMESTAMP)";

    @TempDir
    Path folder;

    private static void execute(String url, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    @Test
    void a_new_h2_database_is_created_at_the_known_version_and_reopened_without_changes() throws Exception {
        // given
        String config = "embedded:" + folder;
        try (EventStore store = EventStores.open(config)) {
            store.append("s-1", ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", new byte[] {1})));
        }
        // when
        try (EventStore reopened = EventStores.open(config)) {
            // then
            assertThat(reopened.readStream("s-1")).hasSize(1);
            assertThat(reopened.append("s-1", ExpectedVersion.exactly(0), List.of(NewEvent.of("A.v1",
                    new byte[] {2}))).lastPosition()).isEqualTo(2);
        }
        try (Connection connection = DriverManager.getConnection(StoreConfig.parse(config).jdbcUrl(), "sa", "");
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT version, description FROM rewind_schema_version"
                        + " ORDER BY version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("V1__schema.sql");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void an_h2_database_with_a_newer_schema_is_refused_and_left_unchanged() throws Exception {
        // given
        String config = "embedded:" + folder;
        EventStores.open(config).close();
        String url = StoreConfig.parse(config).jdbcUrl();
        execute(url, NEWER);
        // when / then
        assertThatThrownBy(() -> EventStores.open(config)).isInstanceOfSatisfying(SchemaTooNewException.class, e -> {
            assertThat(e.databaseVersion()).isEqualTo(99);
            assertThat(e.knownVersion()).isEqualTo(1);
            assertThat(e.getMessage()).contains("version 99", "up to 1", "Upgrade Rewind");
        });
        // the refusal released the folder and the pool: after a downgrade of the row the store opens again
        execute(url, "DELETE FROM rewind_schema_version WHERE version = 99");
        EventStores.open(config).close();
    }

    @Test
    void a_postgresql_schema_with_a_newer_version_is_refused() {
        PostgresTestDatabase.assumeAvailable();
        String schema = PostgresTestDatabase.createSchema();
        try {
            String config = PostgresTestDatabase.config(schema);
            EventStores.open(config).close();
            PostgresTestDatabase.execute(NEWER.replace("rewind_schema_version", schema + ".rewind_schema_version"));
            assertThatThrownBy(() -> EventStores.open(config)).isInstanceOf(SchemaTooNewException.class)
                    .hasMessageContaining("version 99");
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void one_h2_folder_cannot_be_opened_twice_in_one_process() {
        try (EventStore first = EventStores.open("embedded:" + folder)) {
            assertThatThrownBy(() -> EventStores.open("embedded:" + folder)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("open in this process already");
            assertThat(first.headPosition()).isZero();
        }
        EventStores.open("embedded:" + folder).close();
    }

    @Test
    void an_unreachable_postgresql_server_fails_with_a_clear_message() {
        assertThatThrownBy(() -> EventStores.open("jdbc:postgresql://127.0.0.1:1/none?user=x&connectTimeout=2"))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Could not open the event store database")
                .hasMessageContaining("reachable");
    }
}
