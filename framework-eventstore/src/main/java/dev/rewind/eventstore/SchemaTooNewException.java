package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;

/**
 * The database holds a Rewind schema newer than this version of Rewind knows; the store refuses to open it rather
 * than write rows an older code version does not understand.
 */
public class SchemaTooNewException extends EventStoreException {

    private final int databaseVersion;
    private final int knownVersion;

    /** Creates one naming both versions. */
    public SchemaTooNewException(int databaseVersion, int knownVersion) {
        super("The database's Rewind schema is at version " + databaseVersion + ", but this Rewind knows versions"
                + " up to " + knownVersion + " only; it refuses to open the store. Upgrade Rewind to a version that"
                + " knows schema " + databaseVersion + ", or point it at another database.");
        this.databaseVersion = databaseVersion;
        this.knownVersion = knownVersion;
    }

    /** The schema version found in the database. */
    public int databaseVersion() {
        return databaseVersion;
    }

    /** The newest schema version this code knows. */
    public int knownVersion() {
        return knownVersion;
    }
}
