package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.log.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises an H2 file that a crash left damaged, and moves it aside so the store can open a new one: H2 holds no
 * events (the {@link EventLog} does), only checkpoints, snapshots and read models, which start over. The damaged file
 * is kept (renamed), never deleted.
 */
public final class H2Damage {

    /** H2's "file corrupted" error code. */
    private static final int FILE_CORRUPTED = 90030;
    /**
     * The MVStore errors that mean a damaged file. Not among them, on purpose: a file locked by another process,
     * failed reads or writes (disk full, permissions), a closed store or a file of a newer H2 version; moving the
     * file aside would not help with any of those.
     */
    private static final Set<Integer> DAMAGE = Set.of(DataUtils.ERROR_INTERNAL, DataUtils.ERROR_FILE_CORRUPT,
            DataUtils.ERROR_CHUNK_NOT_FOUND, DataUtils.ERROR_BLOCK_NOT_FOUND, DataUtils.ERROR_TRANSACTION_CORRUPT);
    private static final Logger LOG = LoggerFactory.getLogger(H2Damage.class);

    private H2Damage() {
    }

    /**
     * Whether opening failed because H2's file is damaged, rather than for a reason a rebuild would not fix; an H2
     * storage error of another kind anywhere in the causes (a lock, a failed read) means no.
     */
    public static boolean isDamage(Throwable error) {
        boolean damage = false;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MVStoreException store) {
                if (!DAMAGE.contains(store.getErrorCode())) {
                    return false;
                }
                damage = true;
            }
            damage |= cause instanceof H2FileDamagedException
                    || cause instanceof SQLException sql && sql.getErrorCode() == FILE_CORRUPTED;
        }
        return damage;
    }

    /**
     * Renames the store's H2 file to {@code rewind.mv.db.damaged-<time>}.
     *
     * @throws EventStoreException if it cannot be renamed
     */
    public static void moveAside(Path folder, Throwable damage) {
        Path file = folder.resolve("rewind.mv.db");
        Path aside = folder.resolve("rewind.mv.db.damaged-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try {
            Files.move(file, aside);
        } catch (IOException e) {
            EventStoreException failure = new EventStoreException("The H2 file " + file + " is damaged ("
                    + damage.getMessage() + ") and could not be moved aside (" + e.getMessage() + ") to rebuild it"
                    + " from the event log; move it away by hand and open the store again.", e);
            failure.addSuppressed(damage);
            throw failure;
        }
        LOG.warn("The H2 file {} is damaged ({}); moved it to {} and starting a new one. The event log"
                + " keeps every acknowledged event; read models, checkpoints and snapshots kept in that file start"
                + " over.", file,
                damage.getMessage(), aside.getFileName());
    }
}
