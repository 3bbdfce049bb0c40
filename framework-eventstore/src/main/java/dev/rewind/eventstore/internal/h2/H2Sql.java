package dev.rewind.eventstore.internal.h2;

import dev.rewind.eventstore.internal.log.EventLog;
import dev.rewind.eventstore.internal.schema.DialectSql;

/**
 * The SQL of the H2 dialect: H2 holds no events in the embedded store (the {@link EventLog} and the files derived
 * from it do), so it only creates and reads the schema version; checkpoints and snapshots have their own statements.
 */
public final class H2Sql {

    public static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS rewind_schema_version ("
            + "version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
            + " applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)";
    static final String SCHEMA_VERSION = "SELECT MAX(version) FROM rewind_schema_version";
    static final String INSERT_VERSION =
            "INSERT INTO rewind_schema_version (version, description, applied_at) VALUES (?, ?, ?)";

    public static final DialectSql STATEMENTS = new DialectSql("h2", "", CREATE_VERSION_TABLE, SCHEMA_VERSION,
            INSERT_VERSION);

    private H2Sql() {
    }
}
