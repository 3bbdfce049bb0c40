package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.BackupReport;
import dev.rewind.eventstore.LogReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link dev.rewind.eventstore.EmbeddedBackup} does: copies a log up to its last whole record (found with a
 * {@link SharedLogReader}, so a running store may go on appending), checks the copy, and with a closed store copies
 * the read-side database and the open marker too, holding the log's lock so that no process opens the store meanwhile.
 */
public final class LogCopy {

    /** The read-side database (H2) and the open marker, copied when the store is closed. */
    private static final List<String> READ_SIDE = List.of("rewind.mv.db", OpenMarker.FILE_NAME);
    /** How often a record that is not whole, with a whole one after it, is read again before it counts as damage. */
    private static final int DAMAGE_READS = 50;

    private LogCopy() {
    }

    /** See {@link dev.rewind.eventstore.EmbeddedBackup#copy}. */
    public static BackupReport backup(Path storeFolder, Path backupFolder) {
        Path source = SharedLogReader.logFile(storeFolder);
        prepareEmpty(backupFolder, "backup");
        try (FileChannel channel = openForLock(source)) {
            // held until the copy is done: a closed store stays closed, so its read side can be copied too
            FileLock lock = tryLock(channel);
            boolean open = lock == null;
            SharedLogReader reader = new SharedLogReader(source, channel, false);
            long head = wholeHead(reader, channel, open);
            long end = reader.end();
            List<Path> files = new ArrayList<>();
            files.add(copyLog(channel, end, head, backupFolder));
            if (!open) {
                for (String name : READ_SIDE) {
                    Path file = storeFolder.resolve(name);
                    if (Files.exists(file)) {
                        files.add(copyForced(file, backupFolder.resolve(name)));
                    }
                }
            }
            EventLog.forceFolder(backupFolder);
            if (lock != null) {
                lock.release();
            }
            return new BackupReport(storeFolder, backupFolder, head, end, open, files);
        } catch (IOException e) {
            throw new EventStoreException("Could not back up " + storeFolder + " to " + backupFolder + " ("
                    + e.getMessage() + "); check the disk space and the permissions of both folders, then run the"
                    + " backup again into an empty folder.", e);
        }
    }

    /** See {@link dev.rewind.eventstore.EmbeddedBackup#restore}. */
    public static LogReport restore(Path backupFolder, Path storeFolder) {
        SharedLogReader.logFile(backupFolder);
        LogReport report = LogCheck.verify(backupFolder);
        if (!report.isIntact()) {
            throw new IllegalArgumentException("The backup's event log is damaged, so it is not restored: " + report
                    + ". Restore an older backup, or repair this one first.");
        }
        if (Files.exists(storeFolder.resolve(EventLog.FILE_NAME))
                || Files.exists(storeFolder.resolve(READ_SIDE.get(0)))) {
            throw new IllegalArgumentException("The folder " + storeFolder + " holds a store already; restore into a"
                    + " new folder, or move that store away first.");
        }
        try {
            Files.createDirectories(storeFolder);
            copyForced(backupFolder.resolve(EventLog.FILE_NAME), storeFolder.resolve(EventLog.FILE_NAME));
            for (String name : READ_SIDE) {
                Path file = backupFolder.resolve(name);
                if (Files.exists(file)) {
                    copyForced(file, storeFolder.resolve(name));
                }
            }
            EventLog.forceFolder(storeFolder);
        } catch (IOException e) {
            throw new EventStoreException("Could not restore " + backupFolder + " into " + storeFolder + " ("
                    + e.getMessage() + "); check the disk space and the permissions, empty the folder and run it"
                    + " again.", e);
        }
        return LogCheck.verify(storeFolder);
    }

    private static FileChannel openForLock(Path source) throws IOException {
        try {
            return FileChannel.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            // a reader may back up without the right to write: then it cannot keep a closed store closed
            return FileChannel.open(source, StandardOpenOption.READ);
        }
    }

    /** An exclusive lock if no process holds one; null if one does (the store is open), or the file is read-only. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException | java.nio.channels.NonWritableChannelException e) {
            return null;
        }
    }

    /**
     * Reads to the last whole record. If bytes follow that are not a whole record while a whole one follows them,
     * that is damage, unless the store is open and a record was being written there: then it turns whole when read
     * again, and what was whole before the backup began lies before it.
     */
    private static long wholeHead(SharedLogReader reader, FileChannel channel, boolean open) throws IOException {
        long head = reader.head();
        long end = reader.end();
        for (int read = 1; ; read++) {
            // maps the rest of the file only here, where damage is suspected and a closed store's file keeps its size
            LogResync.Found next = LogResync.nextWholeRecord(channel, end + 1, channel.size());
            if (next == null) {
                return head;
            }
            if (!open || read >= DAMAGE_READS) {
                throw new EventStoreException("The event log " + reader.file() + " is damaged from byte " + end
                        + ": the record after position " + head + " is not whole, yet a whole record holding"
                        + " positions " + next.firstPosition() + " to " + next.lastPosition() + " follows at byte "
                        + next.offset() + ". Nothing was backed up. Stop the application, run 'rewind verify' on the"
                        + " folder and restore the log from an earlier backup or repair it.");
            }
            pause();
            head = reader.head();
            if (reader.end() > end) {
                return head;
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the end of the log", e);
        }
    }

    /** Copies the log's first {@code end} bytes into the backup folder, forces them and checks the copy. */
    private static Path copyLog(FileChannel channel, long end, long head, Path backupFolder) throws IOException {
        Path target = backupFolder.resolve(EventLog.FILE_NAME);
        Path partial = backupFolder.resolve(EventLog.FILE_NAME + ".partial");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long copied = 0; copied < end; ) {
                copied += channel.transferTo(copied, end - copied, out);
            }
            out.force(true);
        }
        try (SharedLogReader copy = new SharedLogReader(partial, FileChannel.open(partial, StandardOpenOption.READ),
                true)) {
            if (copy.head() != head || copy.end() != end) {
                throw new IOException("the copy " + partial + " reads as positions 1 to " + copy.head() + " ("
                        + copy.end() + " bytes), not 1 to " + head + " (" + end + " bytes); it is left there");
            }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static Path copyForced(Path file, Path target) throws IOException {
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            out.force(true);
        }
        return target;
    }

    private static void prepareEmpty(Path folder, String what) {
        try {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("The " + what + " folder " + folder + " is not empty;"
                                + " name a new or empty folder.");
                    }
                }
            } else if (Files.exists(folder)) {
                throw new IllegalArgumentException("The " + what + " folder " + folder + " is a file; name a new or"
                        + " empty folder.");
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new EventStoreException("Could not create the " + what + " folder " + folder + " ("
                    + e.getMessage() + "); choose a folder the process may write to.", e);
        }
    }
}
