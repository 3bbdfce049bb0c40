package dev.rewind.eventstore;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema per test, dropped afterwards; the test is skipped (or fails, when PostgreSQL is required)
 * without a server. Register it with {@code @RegisterExtension final FreshSchema schema = new FreshSchema();}.
 */
final class FreshSchema implements BeforeEachCallback, AfterEachCallback {

    private String name;

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresTestDatabase.assumeAvailable();
        name = PostgresTestDatabase.createSchema();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (name != null) {
            PostgresTestDatabase.dropSchema(name);
        }
    }

    /** The store configuration (a JDBC URL) of the schema. */
    String config() {
        return PostgresTestDatabase.config(name);
    }
}
