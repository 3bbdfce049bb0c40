package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file {@code rewind-h2.open} in an H2 store's folder: created when the store opens, removed when it closes
 * cleanly. Found at opening, it means the last process stopped without closing the store (killed, crashed), so H2's
 * file may hold a torn image of the transactions that were running (see {@link ReadModelRecovery}).
 */
final class H2OpenMarker {

    static final String FILE_NAME = "rewind-h2.open";

    private H2OpenMarker() {
    }

    /** Whether the marker is there, that is whether the store was last left open. */
    static boolean present(Path folder) {
        return Files.exists(folder.resolve(FILE_NAME));
    }

    /**
     * Creates the marker and forces it to the disk, so that a power failure does not hide an unclean stop either.
     *
     * @throws EventStoreException if it cannot be written
     */
    static void create(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new EventStoreException("Could not create " + file + " (" + e.getMessage() + "); the store needs"
                    + " it to notice an unclean stop. Let the process write to the store's folder.", e);
        }
    }

    /**
     * Removes the marker once the store is closed.
     *
     * @throws EventStoreException if it cannot be removed
     */
    static void remove(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new EventStoreException("Could not remove " + file + " after closing the store (" + e.getMessage()
                    + "); the next opening will take the stop for a crash and rebuild JDBC read models. Let the"
                    + " process write to the store's folder.", e);
        }
    }
}
