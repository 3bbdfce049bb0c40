package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.log.LogCopy;
import java.nio.file.Path;

/**
 * Backs up an embedded store's folder ({@code embedded:<folder>}), also while a process has it open and appends, and
 * restores a backup into a new folder. Run it from another process than the store's (the command-line tool
 * {@code rewind backup} does).
 *
 * <pre>{@code
 * BackupReport report = EmbeddedBackup.copy(Path.of("./data"), Path.of("/backups/2026-12-02"));
 * EmbeddedBackup.restore(Path.of("/backups/2026-12-02"), Path.of("./data-restored"));
 * }</pre>
 *
 * <p>The event log only ever grows at its end, so the backup copies it up to its last whole record, each checked
 * against its checksum: positions 1 to {@link BackupReport#lastPosition()}, every event acknowledged before the
 * backup began. The index files are not copied (a store rebuilds them from the log on opening). The read-side
 * database (H2: read models, checkpoints, snapshots, deadlines) is copied only when no process has the store open,
 * since a copy of an open H2 file is not consistent; a store opened from a backup without it starts its projectors
 * from the first event, which rebuild their read models, and its process managers from the first event too, whose
 * commands carry ids derived from the events, so nothing is stored twice.
 */
public final class EmbeddedBackup {

    private EmbeddedBackup() {
    }

    /**
     * Copies the store in {@code storeFolder} into {@code backupFolder}, which must not exist or be empty. While it
     * copies, no process can open a closed store; an open store goes on serving.
     *
     * @throws IllegalArgumentException if the backup folder is not empty
     * @throws EventStoreException if the store folder holds no event log, its log is damaged before its end, or a
     *     file cannot be read or written
     */
    public static BackupReport copy(Path storeFolder, Path backupFolder) {
        return LogCopy.backup(storeFolder, backupFolder);
    }

    /**
     * Copies a backup into {@code storeFolder}, which must not exist or hold no store, after checking its event log
     * whole. Open {@code embedded:<storeFolder>} afterwards; the indexes are built then.
     *
     * @return the check of the restored log
     * @throws IllegalArgumentException if the store folder holds a store already, or the backup's log is damaged
     * @throws EventStoreException if the backup folder holds no event log, or a file cannot be read or written
     */
    public static LogReport restore(Path backupFolder, Path storeFolder) {
        return LogCopy.restore(backupFolder, storeFolder);
    }
}
