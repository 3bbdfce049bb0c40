package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The contract suite on PostgreSQL, in a fresh schema per test. */
class PostgresEventStoreTest extends EventStoreContract {

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

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            store.close();
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
