package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opening PostgreSQL schemas: one the URL names that does not exist yet is created (once, when several processes
 * start together), a user who may not create it is told what to run, and a schema of version 1 is upgraded.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class PostgresSchemaTest {

    private final String schema = "rewind_new_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void requirePostgres() {
        PostgresTestDatabase.assumeAvailable();
    }

    @AfterEach
    void dropSchema() {
        PostgresTestDatabase.dropSchema(schema);
    }

    private static void append(EventStore store, String stream) {
        store.append(stream, ExpectedVersion.noStream(), List.of(NewEvent.of("A.v1", new byte[] {1})));
    }

    @Test
    void a_schema_the_url_names_that_does_not_exist_is_created_with_the_tables() throws Exception {
        // given
        String config = PostgresTestDatabase.config(schema);
        // when
        try (EventStore first = EventStores.open(config)) {
            append(first, "s-1");
        }
        // then
        try (EventStore reopened = EventStores.open(config)) {
            assertThat(reopened.readStream("s-1")).hasSize(1);
        }
        assertThat(versions(schema)).containsExactly(1, 2);
    }

    @Test
    void stores_opening_at_once_on_a_missing_schema_create_it_once_and_all_open() throws Exception {
        // given
        String config = PostgresTestDatabase.config(schema);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<EventStore>> opening = new ArrayList<>();
        // when
        try {
            for (int i = 0; i < 4; i++) {
                opening.add(pool.submit(() -> EventStores.open(config)));
            }
            List<EventStore> stores = new ArrayList<>();
            for (Future<EventStore> store : opening) {
                stores.add(store.get(60, TimeUnit.SECONDS));
            }
            // then
            for (int i = 0; i < stores.size(); i++) {
                append(stores.get(i), "s-" + i);
            }
            assertThat(stores.get(0).headPosition()).isEqualTo(4);
            stores.forEach(EventStore::close);
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions(schema)).containsExactly(1, 2);
    }

    @Test
    void a_user_who_may_not_create_the_schema_is_told_the_statement_to_run() {
        // given: a user with no CREATE right on the database
        String user = "rewind_nocreate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        PostgresTestDatabase.execute("CREATE ROLE " + user + " LOGIN");
        try {
            String config = PostgresTestDatabase.config(schema).replace("user=postgres", "user=" + user);
            // when / then
            assertThatThrownBy(() -> EventStores.open(config)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("'" + schema + "'")
                    .hasMessageContaining("does not exist")
                    .hasMessageContaining("CREATE SCHEMA \"" + schema + "\" AUTHORIZATION \"" + user + "\";");
            // once that has been run, the store opens
            PostgresTestDatabase.execute("CREATE SCHEMA \"" + schema + "\" AUTHORIZATION \"" + user + "\"");
            try (EventStore store = EventStores.open(config)) {
                append(store, "s-1");
            }
        } finally {
            PostgresTestDatabase.dropSchema(schema);
            PostgresTestDatabase.execute("DROP ROLE " + user);
        }
    }

    @Test
    void a_schema_of_version_1_with_events_is_upgraded_and_keeps_them() throws Exception {
        // given: the tables of version 1 only, with an event
        PostgresTestDatabase.execute("CREATE SCHEMA " + schema);
        try (Connection connection = DriverManager.getConnection(PostgresTestDatabase.config(schema));
                Statement sql = connection.createStatement()) {
            for (String statement : SchemaMigrator.statements(resource("db/rewind/postgresql/V1__events.sql"))) {
                sql.execute(statement);
            }
            sql.execute("CREATE TABLE rewind_schema_version (version INT NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)");
            sql.execute("INSERT INTO rewind_schema_version VALUES (1, 'V1__events.sql', CURRENT_TIMESTAMP)");
            sql.execute("INSERT INTO rewind_events VALUES (1, 's-1', 0, '" + UUID.randomUUID() + "', 'A.v1',"
                    + " '\\x01', NULL, CURRENT_TIMESTAMP)");
            sql.execute("UPDATE rewind_head SET head = 1");
        }
        // when
        try (EventStore store = EventStores.open(PostgresTestDatabase.config(schema))) {
            // then
            assertThat(store.append("s-1", ExpectedVersion.exactly(0), List.of(NewEvent.of("A.v1",
                    new byte[] {2}))).lastPosition()).isEqualTo(2);
            assertThat(store.readStream("s-1")).hasSize(2);
        }
        assertThat(versions(schema)).containsExactly(1, 2);
    }

    private static List<Integer> versions(String schema) throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(PostgresTestDatabase.URL);
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT version FROM " + schema
                        + ".rewind_schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PostgresSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
