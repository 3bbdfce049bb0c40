package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.h2.ReadModelRecovery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file {@code rewind.open} in an embedded store's folder: created when the store opens, removed when it closes
 * cleanly. Found at opening, it means the last process stopped without closing the store (killed, crashed), so H2's
 * file may hold a torn image of the transactions that were running (see {@link ReadModelRecovery}). It holds the
 * machine's boot id (Linux), which tells whether the machine itself stopped since: only then may writes the store
 * did not force to the disk be lost ({@link StreamIndex}).
 */
public final class OpenMarker {

    public static final String FILE_NAME = "rewind.open";
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** How the store was last left, as the marker tells. */
    public enum LastStop {
        /** Closed cleanly (or never opened). */
        CLEAN,
        /** Left open by a process that stopped (killed, crashed) while the machine ran on. */
        PROCESS_STOPPED,
        /** Left open when the machine stopped, or on a machine without a boot id, where that cannot be told. */
        MACHINE_STOPPED
    }

    private OpenMarker() {
    }

    /** How the store was last left: the marker is there if it was left open. */
    public static LastStop lastStop(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return LastStop.CLEAN;
        }
        String boot = bootId();
        try {
            return boot != null && boot.equals(Files.readString(file).strip()) ? LastStop.PROCESS_STOPPED
                    : LastStop.MACHINE_STOPPED;
        } catch (IOException e) {
            return LastStop.MACHINE_STOPPED;
        }
    }

    /** This boot's id, or null where the system has none. */
    private static String bootId() {
        try {
            return Files.readString(BOOT_ID).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Creates the marker and forces it to the disk, so that a power failure does not hide an unclean stop either.
     *
     * @throws EventStoreException if it cannot be written
     */
    public static void create(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        String boot = bootId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (boot != null) {
                channel.write(ByteBuffer.wrap(boot.getBytes(StandardCharsets.US_ASCII)));
            }
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
    public static void remove(Path folder) {
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
