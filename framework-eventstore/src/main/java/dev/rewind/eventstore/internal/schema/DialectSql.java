package dev.rewind.eventstore.internal.schema;

/**
 * The SQL a database dialect gives the {@link SchemaMigrator}; each dialect's holder ({@code H2Sql},
 * {@code PostgresSql}) builds one.
 *
 * @param name the dialect's name, also the folder of its schema migrations under {@code db/rewind/}
 * @param migrationLock serializes schema migrations of several processes (empty if not needed)
 * @param createVersionTable creates the schema version table if it is missing
 * @param schemaVersion reads the current schema version
 * @param insertVersion records an applied schema version
 */
public record DialectSql(String name, String migrationLock, String createVersionTable, String schemaVersion,
        String insertVersion) {
}
