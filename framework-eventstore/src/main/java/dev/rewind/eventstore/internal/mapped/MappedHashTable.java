package dev.rewind.eventstore.internal.mapped;

import dev.rewind.eventstore.internal.log.EventIdIndex;
import dev.rewind.eventstore.internal.log.StreamIndex;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A hash table in a file, read and written through memory maps, from a 128-bit key to a value below 2^40 (a log
 * position): open addressing with linear probing, a 4 KiB header, then slots of 24 bytes (the key's two longs, then
 * the value word). It grows by rehashing into a new file that replaces the old one with an atomic rename, so after a
 * crash one of them is whole. The indexes derived from the event log ({@link EventIdIndex}, {@link StreamIndex}) keep
 * their tables here.
 *
 * <p>A value word of 0 marks an empty slot. A taken slot's value word holds the value in its low 40 bits and, in its
 * top 24, a check of the slot's number, its key, its value and the table's salt, never 0: so a slot the disk or
 * another program garbled fails its check (but for one chance in 2^24), and one it zeroed looks empty. As a lookup
 * that ends at an empty slot must be able to trust every taken slot it passed, {@link #get} checks them all and fails
 * if one fails; {@link #load} checks every slot of the file and counts the taken ones against the header (see
 * {@link #load} for the bound), which catches zeroed slots, and says the file is not valid otherwise, so its owner
 * rebuilds it from the log.
 *
 * <p>One thread writes; any thread may {@link #get} at the same time. A slot's key is written before its value word,
 * which is published with release semantics, so a reader that sees a value also sees its key.
 *
 * <p>The header holds the format's magic number (whose low byte is the owner's format version; tables from before the
 * checks have another one), the table's size, the number of keys, and a position of the owner's choosing (how far
 * into the log the table is complete), under a checksum; then a random salt drawn when the table is created, under a
 * checksum of its own, which makes keys that share a slot hard to craft for owners whose keys are hashes of what users
 * choose.
 */
public final class MappedHashTable {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int HEADER_BYTES = 4_096;
    private static final int CHECKSUMMED = 32;
    private static final int SALT = 40;
    private static final int SALT_CHECKSUM = 56;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SLOT = 24;
    private static final int SEGMENT_BITS = 20;
    private static final int MIN_BITS = 16;
    private static final int MAX_BITS = 36;
    private static final double MAX_LOAD = 0.7;
    private static final int VALUE_BITS = 40;
    /** The largest value a slot holds: log positions stay far below it. */
    static final long MAX_VALUE = (1L << VALUE_BITS) - 1;

    private final Path file;
    private final long magic;
    private final long[] salt;
    private volatile Mapping mapping;
    /** Written by the one writer, read by any thread ({@link #count}). */
    private volatile long count;

    /** One mapped file: the header and the slots, in segments of 2^{@link #SEGMENT_BITS} slots. */
    private record Mapping(Path file, int bits, MappedByteBuffer header, MappedByteBuffer[] segments) {

        long capacity() {
            return 1L << bits;
        }

        MappedByteBuffer segment(long slot) {
            return segments[(int) (slot >>> SEGMENT_BITS)];
        }

        static int offset(long slot) {
            return (int) (slot & ((1L << SEGMENT_BITS) - 1)) * SLOT;
        }
    }

    /** A table as {@link #load} found it: either the table, or why its file cannot be used. */
    public record Loaded(MappedHashTable table, String unusable) {
    }

    private MappedHashTable(Path file, long magic, Mapping mapping, long count, long[] salt) {
        this.file = file;
        this.magic = magic;
        this.mapping = mapping;
        this.count = count;
        this.salt = salt;
    }

    /**
     * Maps an existing table file with this magic number after checking every slot; says why not if it is missing,
     * not valid (a slot fails its check, or the taken slots do not match the header's count), or complete up to a
     * position past {@code lastPosition}, the end of the log it is derived from.
     *
     * <p>The header's count C and position P are written together, after the slots they count, and keys are never
     * removed, so the file holds at least C taken slots. It may hold more: the slots are written through the operating
     * system's cache as keys come, and the header only when the owner saves, so after {@code kill -9} (or, for a
     * header forced after its slots, a power loss) slots of keys added after the header are there too. Each such key
     * was added for an event after P, and holds its position (an event id's, or a stream's last event's); two keys
     * never hold one position, so there are at most {@code lastPosition - P} of them: N taken slots must satisfy
     * {@code C <= N <= C + (lastPosition - P)}, and no value may lie past {@code lastPosition}. Slots zeroed after a
     * clean close make N less than C; zeroed after an unclean stop, up to N - C of them go unnoticed here.
     */
    public static Loaded load(Path file, long magic, long lastPosition) throws IOException {
        if (!Files.exists(file)) {
            return new Loaded(null, "the file is missing");
        }
        long size = Files.size(file);
        if (size < HEADER_BYTES) {
            return new Loaded(null, "the file is too short");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
            int bits = header.getInt(8);
            if (header.getLong(0) != magic || header.getInt(CHECKSUMMED) != checksum(header)) {
                return new Loaded(null, "its header is not valid");
            }
            if (bits < MIN_BITS || bits > MAX_BITS || size != HEADER_BYTES + ((long) SLOT << bits)) {
                return new Loaded(null, "its size does not match its header");
            }
            long[] salt = {header.getLong(SALT), header.getLong(SALT + 8)};
            int saltChecksum = header.getInt(SALT_CHECKSUM);
            if ((salt[0] != 0 || salt[1] != 0 || saltChecksum != 0) && saltChecksum != saltChecksum(header)) {
                return new Loaded(null, "its salt is not valid");
            }
            long position = header.getLong(24);
            if (position > lastPosition) {
                return new Loaded(null, "it lists positions up to " + position + ", past the log's end at "
                        + lastPosition);
            }
            Mapping mapping = new Mapping(file, bits, header, map(channel, bits));
            MappedHashTable table = new MappedHashTable(file, magic, mapping, 0, salt);
            long keys = header.getLong(16);
            String unusable = table.checkAll(lastPosition);
            if (unusable == null && (table.count < keys || table.count - keys > lastPosition - position)) {
                unusable = "it has " + table.count + " taken slots but its header says " + keys + " keys as of"
                        + " position " + position + ", and the log ends at " + lastPosition;
            }
            return unusable == null ? new Loaded(table, null) : new Loaded(null, unusable);
        }
    }

    /** Checks every slot and counts the taken ones in {@link #count}; returns why the table is not valid, or null. */
    private String checkAll(long lastPosition) {
        Mapping in = mapping;
        long taken = 0;
        for (long slot = 0; slot < in.capacity(); slot++) {
            MappedByteBuffer segment = in.segment(slot);
            int offset = Mapping.offset(slot);
            long word = segment.getLong(offset + 16);
            if (word == 0) {
                continue;
            }
            if (word != word(slot, segment.getLong(offset), segment.getLong(offset + 8), word & MAX_VALUE)) {
                return "slot " + slot + " fails its check";
            }
            if ((word & MAX_VALUE) > lastPosition) {
                return "slot " + slot + " holds position " + (word & MAX_VALUE) + ", past the log's end at "
                        + lastPosition;
            }
            taken++;
        }
        count = taken;
        return null;
    }

    /**
     * Creates an empty table for about {@code keys} keys in a new file next to {@code file}; {@link #save} it with
     * {@code replace} to put it in place.
     */
    public static MappedHashTable create(Path file, long magic, long keys) throws IOException {
        int bits = MIN_BITS;
        while (bits < MAX_BITS && (1L << bits) * MAX_LOAD < keys + 1) {
            bits++;
        }
        return new MappedHashTable(file, magic, createMapping(file, bits), 0,
                new long[] {RANDOM.nextLong(), RANDOM.nextLong()});
    }

    /** One of the table's two salt words (0 in a table made before salts existed). */
    public long salt(int word) {
        return salt[word];
    }

    /** How many keys the table holds. Safe from any thread. */
    public long count() {
        return count;
    }

    /**
     * Every value the table holds, in slot order (no order of keys or values), while the writer may go on: a value
     * put meanwhile may or may not be among them, and a key's value may be an earlier one. Safe from any thread.
     *
     * @throws IOException if a slot fails its check (the file is damaged)
     */
    public long[] values() throws IOException {
        Mapping in = mapping;
        long[] found = new long[(int) Math.min(Integer.MAX_VALUE - 8, count + 16)];
        int size = 0;
        for (long slot = 0; slot < in.capacity(); slot++) {
            MappedByteBuffer segment = in.segment(slot);
            int offset = Mapping.offset(slot);
            long word = (long) LONGS.getAcquire(segment, offset + 16);
            if (word != 0) {
                if (size == found.length) {
                    found = Arrays.copyOf(found, size * 2);
                }
                found[size++] = checked(in, slot, segment.getLong(offset), segment.getLong(offset + 8), word);
            }
        }
        return Arrays.copyOf(found, size);
    }

    /** The position the header held when the table was loaded, or last saved. */
    public long savedPosition() {
        return mapping.header().getLong(24);
    }

    /**
     * The value of a key; 0 if the table does not hold it, which every taken slot on the way proved by passing its
     * check. Safe from any thread.
     *
     * @throws IOException if a slot on the way fails its check (the file is damaged)
     */
    public long get(long k1, long k2) throws IOException {
        Mapping in = mapping;
        long slot = probe(in, k1, k2);
        if (slot < 0) {
            return 0;
        }
        // read again: the writer may have given the key a new value since, never another key
        return checked(in, slot, k1, k2, (long) LONGS.getAcquire(in.segment(slot), Mapping.offset(slot) + 16));
    }

    /**
     * Sets a key's value, growing the table first if it is full enough; returns the value it replaces, 0 if the key
     * is new.
     *
     * @throws IllegalArgumentException if the value is not in 1..{@link #MAX_VALUE}
     * @throws IOException if the table must grow and cannot, or a slot on the way fails its check
     */
    public long put(long k1, long k2, long value) throws IOException {
        if (value <= 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("a table " + file + " value must be in 1.." + MAX_VALUE + ", not "
                    + value);
        }
        if (count + 1 > mapping.capacity() * MAX_LOAD) {
            grow();
        }
        long replaced = put(mapping, k1, k2, value);
        if (replaced == 0) {
            count++;
        }
        return replaced;
    }

    /** The key first, then the value word that marks the slot taken. */
    private long put(Mapping into, long k1, long k2, long value) throws IOException {
        long found = probe(into, k1, k2);
        long slot = found < 0 ? ~found : found;
        MappedByteBuffer segment = into.segment(slot);
        int offset = Mapping.offset(slot);
        long replaced = 0;
        if (found < 0) {
            segment.putLong(offset, k1).putLong(offset + 8, k2);
        } else {
            replaced = checked(into, slot, k1, k2, segment.getLong(offset + 16));
        }
        LONGS.setRelease(segment, offset + 16, word(slot, k1, k2, value));
        return replaced;
    }

    /**
     * The slot holding the key, or the complement (negative) of the empty slot where the search for it ends; every
     * taken slot it passes must pass its check.
     */
    private long probe(Mapping in, long k1, long k2) throws IOException {
        long mask = in.capacity() - 1;
        for (long slot = hash(k1, k2) & mask;; slot = (slot + 1) & mask) {
            MappedByteBuffer segment = in.segment(slot);
            int offset = Mapping.offset(slot);
            long word = (long) LONGS.getAcquire(segment, offset + 16);
            if (word == 0) {
                return ~slot;
            }
            long s1 = segment.getLong(offset);
            long s2 = segment.getLong(offset + 8);
            checked(in, slot, s1, s2, word);
            if (s1 == k1 && s2 == k2) {
                return slot;
            }
        }
    }

    /** The value in a taken slot's word, if the word is the one its slot, key and value make. */
    private long checked(Mapping in, long slot, long k1, long k2, long word) throws IOException {
        if (word != word(slot, k1, k2, word & MAX_VALUE)) {
            throw new IOException("slot " + slot + " of the table " + in.file() + " fails its check (the file is"
                    + " damaged); it is derived from the event log, and the store rebuilds it from the event log"
                    + " when it is next opened: close the store and open it again");
        }
        return word & MAX_VALUE;
    }

    /** A taken slot's value word: the value under a check of the slot, its key, its value and the salt, never 0. */
    private long word(long slot, long k1, long k2, long value) {
        long h = (salt[0] ^ slot * 0x9E37_79B9_7F4A_7C15L) + k1;
        h = (h ^ h >>> 32) * 0xFF51_AFD7_ED55_8CCDL + k2;
        h = (h ^ h >>> 29) * 0xC4CE_B9FE_1A85_EC53L + (value ^ salt[1]);
        h = (h ^ h >>> 32) * 0xD6E8_FEB8_6659_FD93L;
        long check = h >>> VALUE_BITS;
        return (check == 0 ? 1 : check) << VALUE_BITS | value;
    }

    /** Mixes both halves, as keys need not be random (time-ordered or name-based UUIDs). */
    private static long hash(long k1, long k2) {
        long h = k1 * 0x9E37_79B9_7F4A_7C15L ^ k2;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return h;
    }

    /** Rehashes every slot into a table twice the size, which then replaces the file (readers switch over). */
    private void grow() throws IOException {
        Mapping old = mapping;
        if (old.bits() >= MAX_BITS) {
            throw new IOException("the table " + file + " is full at 2^" + MAX_BITS + " slots");
        }
        Mapping bigger = createMapping(file, old.bits() + 1);
        for (long slot = 0; slot < old.capacity(); slot++) {
            MappedByteBuffer segment = old.segment(slot);
            int offset = Mapping.offset(slot);
            long word = segment.getLong(offset + 16);
            if (word != 0) {
                // checked, or the new slot's check would vouch for a damaged one
                long k1 = segment.getLong(offset);
                long k2 = segment.getLong(offset + 8);
                put(bigger, k1, k2, checked(old, slot, k1, k2, word));
            }
        }
        long position = old.header().getLong(24);
        writeHeader(bigger, count, position);
        force(bigger);
        mapping = install(bigger);
    }

    /**
     * Records how far the table is complete. With {@code force} the slots go to the disk first and then the header,
     * so the position (and the count) holds after a power loss too; without, it holds after {@code kill -9} (the
     * operating system keeps both). A table from {@link #create} is first put in place of the file.
     */
    public void save(long position, boolean force) throws IOException {
        Mapping current = mapping;
        boolean installed = current.file().equals(file);
        if (force || !installed) {
            // before the header is written: the kernel may write a dirty header page back at any time
            for (MappedByteBuffer segment : current.segments()) {
                segment.force();
            }
        }
        writeHeader(current, count, position);
        if (force || !installed) {
            current.header().force();
        }
        if (!installed) {
            mapping = install(current);
        }
    }

    /**
     * What {@link #save} with {@code force} does, for a background thread while the writer goes on: slots changed
     * meanwhile may be on the disk too, which is harmless, as a position only promises what comes before it (and the
     * count, taken with it, what was there then; {@link #load} allows for the keys added since).
     */
    public Runnable forcer(long position) {
        Mapping current = mapping;
        long currentCount = count;
        return () -> {
            for (MappedByteBuffer segment : current.segments()) {
                segment.force();
            }
            writeHeader(current, currentCount, position);
            current.header().force();
        };
    }

    private void writeHeader(Mapping into, long keys, long position) {
        MappedByteBuffer header = into.header();
        header.putLong(0, magic).putInt(8, into.bits()).putInt(12, 0).putLong(16, keys).putLong(24, position);
        header.putInt(CHECKSUMMED, checksum(header));
        header.putLong(SALT, salt[0]).putLong(SALT + 8, salt[1]);
        header.putInt(SALT_CHECKSUM, salt[0] == 0 && salt[1] == 0 ? 0 : saltChecksum(header));
    }

    private static void force(Mapping mapping) {
        for (MappedByteBuffer segment : mapping.segments()) {
            segment.force();
        }
        mapping.header().force();
    }

    /** Renames a table built in a new file over the table's file. */
    private Mapping install(Mapping built) throws IOException {
        Files.move(built.file(), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Mapping(file, built.bits(), built.header(), built.segments());
    }

    private static Mapping createMapping(Path file, int bits) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES);
            return new Mapping(fresh, bits, header, map(channel, bits));
        }
    }

    private static MappedByteBuffer[] map(FileChannel channel, int bits) throws IOException {
        long slots = 1L << bits;
        long perSegment = 1L << SEGMENT_BITS;
        MappedByteBuffer[] segments = new MappedByteBuffer[(int) Math.max(1, slots / perSegment)];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = channel.map(FileChannel.MapMode.READ_WRITE, HEADER_BYTES + i * perSegment * SLOT,
                    Math.min(slots, perSegment) * SLOT);
        }
        return segments;
    }

    private static int checksum(MappedByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.slice(0, CHECKSUMMED));
        return (int) crc.getValue();
    }

    private static int saltChecksum(MappedByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.slice(SALT, 16));
        return (int) crc.getValue();
    }
}
