package dev.rewind.eventstore.internal.mapped;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;

/**
 * Damage done to a {@link MappedHashTable} file by hand, as a disk or a stray program would: its 4,096-byte header,
 * then 24-byte slots (the key's two longs, then the value word; a value word of 0 marks an empty slot).
 */
public final class HashTableFile {

    private static final int HEADER_BYTES = 4_096;
    private static final int SLOT = 24;

    private HashTableFile() {
    }

    /**
     * Offers each taken slot (a buffer of its 24 bytes, keys at 0 and 8, value word at 16) to {@code edit}, and writes
     * it back where {@code edit} returns true; the file may be open and mapped, its mappings see the change.
     *
     * @return how many slots were written back
     */
    public static int editTakenSlots(Path file, Predicate<ByteBuffer> edit) throws IOException {
        int edited = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer slot = ByteBuffer.allocate(SLOT);
            for (long offset = HEADER_BYTES; offset < channel.size(); offset += SLOT) {
                channel.read(slot.clear(), offset);
                if (slot.getLong(16) != 0 && edit.test(slot)) {
                    channel.write(slot.clear(), offset);
                    edited++;
                }
            }
        }
        return edited;
    }

    /** Zeroes every taken slot, key and value: the slots look empty. */
    public static int zeroTakenSlots(Path file) throws IOException {
        return editTakenSlots(file, slot -> {
            slot.putLong(0, 0).putLong(8, 0).putLong(16, 0);
            return true;
        });
    }

    /** Flips one bit of the first key word of every taken slot. */
    public static int flipKeyOfTakenSlots(Path file) throws IOException {
        return editTakenSlots(file, slot -> {
            slot.put(3, (byte) (slot.get(3) ^ 0x10));
            return true;
        });
    }
}
