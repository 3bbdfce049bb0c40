package dev.rewind.eventstore.internal.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where bytes cut off the end of an {@link EventLog} go: a file of their own in the store's {@code quarantine}
 * folder, never deleted by the store, so whatever they held can still be looked at (or restored by hand).
 */
final class LogQuarantine {

    static final String FOLDER = "quarantine";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LogQuarantine() {
    }

    /**
     * Copies bytes {@code from} to {@code end} of the log to a new quarantine file and forces it (and its folder) to
     * the disk; the caller truncates the log only after this returned.
     *
     * @return the quarantine file
     */
    static Path copyTail(FileChannel log, Path logFile, long from, long end) throws IOException {
        Path folder = logFile.resolveSibling(FOLDER);
        Files.createDirectories(folder);
        Path target = folder.resolve(logFile.getFileName() + ".from-byte-" + from + "." + STAMP.format(Instant.now()));
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long copied = 0;
            while (copied < end - from) {
                copied += log.transferTo(from + copied, end - from - copied, out);
            }
            out.force(true);
        }
        EventLog.forceFolder(folder);
        EventLog.forceFolder(logFile.getParent());
        return target;
    }
}
