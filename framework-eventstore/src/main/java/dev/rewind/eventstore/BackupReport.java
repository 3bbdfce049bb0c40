package dev.rewind.eventstore;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link EmbeddedBackup#copy} put into a backup folder.
 *
 * @param source the store's folder
 * @param target the backup folder
 * @param lastPosition the last position in the backup: it holds positions 1 to this, every event acknowledged before
 *     the backup began and perhaps some after
 * @param logBytes the length of the backup's event log
 * @param storeWasOpen whether a process had the store open: then the backup holds the event log only, and the
 *     store that opens from it rebuilds its indexes, and its projectors their read models, from the first event
 * @param files the files written, in the backup folder
 */
public record BackupReport(Path source, Path target, long lastPosition, long logBytes, boolean storeWasOpen,
        List<Path> files) {

    /** Copies the list. */
    public BackupReport {
        files = List.copyOf(files);
    }

    /** The report in words. */
    @Override
    public String toString() {
        return "Backed up " + source + " to " + target + ": positions 1 to " + lastPosition + " (" + logBytes
                + " bytes of event log)" + (storeWasOpen
                        ? "; the store was open, so the backup holds the event log only (read models, checkpoints and"
                                + " snapshots are rebuilt from it)"
                        : "; the store was closed, so the backup holds the read-side database (read models,"
                                + " checkpoints, snapshots) too");
    }
}
