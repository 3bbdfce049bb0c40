package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.StoreInspectorContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inspection contract on PostgreSQL, in a fresh schema per test. */
class PostgresStoreInspectorTest extends StoreInspectorContract {

    private String schema;

    @BeforeEach
    void requirePostgres() {
        PostgresTestDatabase.assumeAvailable();
    }

    @Override
    protected EventStore newStore() {
        PostgresTestDatabase.assumeAvailable();
        schema = PostgresTestDatabase.createSchema();
        return EventStores.open(PostgresTestDatabase.config(schema));
    }

    @Override
    protected String backend() {
        return "postgresql";
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            store.close();
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void the_summary_gives_the_table_size_and_the_commit_setting() {
        // when
        var summary = store.summary();
        // then
        assertThat(summary.bytesOnDisk()).isPositive();
        assertThat(summary.durability()).startsWith("synchronous_commit=");
    }
}
