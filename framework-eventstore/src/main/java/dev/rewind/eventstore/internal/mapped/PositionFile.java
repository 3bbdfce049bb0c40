package dev.rewind.eventstore.internal.mapped;

import dev.rewind.eventstore.internal.log.EventLog;
import dev.rewind.eventstore.internal.log.LogOffsets;
import dev.rewind.eventstore.internal.log.StreamIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file of one fixed-size entry (one or more longs) per log position, from position 1 on, after an 8-byte header
 * naming what the entries are. It only grows at its end (or is cut back); the writer appends with positioned writes,
 * and readers on any thread read entries the writer has written through memory maps. The files derived from the
 * {@link EventLog} that follow its positions ({@link LogOffsets}, the previous-event links of {@link StreamIndex})
 * are such files; each entry carries a check of its own, which its owner verifies on {@link #firstFailing opening}
 * and on every read, since a damaged entry must never pass for a right one.
 */
public final class PositionFile implements AutoCloseable {

    private static final int SCAN_BYTES = 1 << 20;

    private final FileChannel channel;
    private final MappedFileReader reader;
    private final int headerBytes;
    private final int width;
    private final int entryBytes;
    private ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
    private long entries;

    /** Says whether the entry of a position, its {@code width} longs from {@code at} in {@code words}, is valid. */
    @FunctionalInterface
    public interface EntryCheck {
        boolean valid(long position, long[] words, int at);
    }

    private PositionFile(FileChannel channel, int headerBytes, int width) {
        this.channel = channel;
        this.reader = new MappedFileReader(channel);
        this.headerBytes = headerBytes;
        this.width = width;
        this.entryBytes = width * Long.BYTES;
    }

    /**
     * Opens (or creates) the file of entries of {@code width} longs; a file that does not start with {@code header}
     * is started afresh, as everything in it can be derived from the log again.
     */
    public static PositionFile open(Path file, byte[] header, int width) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            PositionFile positions = new PositionFile(channel, header.length, width);
            positions.load(header);
            return positions;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void load(byte[] expected) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(expected.length);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // reads until full or the end of the file
        }
        if (header.hasRemaining() || !Arrays.equals(header.array(), expected)) {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(expected), 0);
        }
        entries = (channel.size() - headerBytes) / entryBytes;
    }

    /** How many positions, from 1 on, have an entry. */
    public long entries() {
        return entries;
    }

    /** Keeps the entries of positions 1 to {@code position} only. */
    public void truncate(long position) throws IOException {
        if (position < entries) {
            channel.truncate(headerBytes + position * entryBytes);
            entries = position;
        }
    }

    /** Adds the entries of the next {@code count} positions: {@code count * width} longs. */
    public void append(long[] values, int count) throws IOException {
        int bytes = count * entryBytes;
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(bytes);
        }
        buffer.clear();
        for (int i = 0; i < count * width; i++) {
            buffer.putLong(values[i]);
        }
        buffer.flip();
        long at = headerBytes + entries * entryBytes;
        while (buffer.hasRemaining()) {
            channel.write(buffer, at + buffer.position());
        }
        entries += count;
    }

    /**
     * Word {@code word} of the entry of {@code position} (safe from any thread once the writer wrote it); 0 if the
     * file has none.
     */
    public long get(long position, int word) throws IOException {
        return reader.readLong(headerBytes + (position - 1) * entryBytes + (long) word * Long.BYTES);
    }

    /**
     * The first position whose entry fails the check, reading the whole file in big sequential reads; 0 if every
     * entry passes.
     */
    public long firstFailing(EntryCheck check) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(Math.max(entryBytes, SCAN_BYTES / entryBytes * entryBytes));
        long[] words = new long[chunk.capacity() / Long.BYTES];
        long position = 1;
        while (position <= entries) {
            int count = (int) Math.min(entries - position + 1, chunk.capacity() / entryBytes);
            chunk.clear().limit(count * entryBytes);
            long at = headerBytes + (position - 1) * entryBytes;
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, at + chunk.position()) < 0) {
                    return position + chunk.position() / entryBytes;
                }
            }
            chunk.flip().asLongBuffer().get(words, 0, count * width);
            for (int i = 0; i < count; i++, position++) {
                if (!check.valid(position, words, i * width)) {
                    return position;
                }
            }
        }
        return 0;
    }

    /**
     * Spoils the header, so the next opening starts the file afresh and its owner rebuilds it from the log; readers
     * and the writer go on meanwhile, as they never read the header.
     */
    public void invalidate() throws IOException {
        channel.write(ByteBuffer.allocate(headerBytes), 0);
        channel.force(false);
    }

    /** Forces the entries to the disk. */
    public void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
