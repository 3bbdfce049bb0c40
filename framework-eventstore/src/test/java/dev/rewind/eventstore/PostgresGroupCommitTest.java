package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;

class PostgresGroupCommitTest extends GroupCommitContract {

    private String schema;

    @Override
    protected EventStore newStore() {
        PostgresTestDatabase.assumeAvailable();
        schema = PostgresTestDatabase.createSchema();
        return EventStores.open(PostgresTestDatabase.config(schema));
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
