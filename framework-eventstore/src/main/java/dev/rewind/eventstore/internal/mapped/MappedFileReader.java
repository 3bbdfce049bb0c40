package dev.rewind.eventstore.internal.mapped;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads byte ranges of a file that only grows at its end, through read-only memory maps of 16 MiB segments, so a
 * read of a few hundred bytes is a copy from the operating system's page cache rather than a system call. A segment
 * that was not yet full when mapped is mapped again, up to the file's new end, when a read needs more of it; ranges
 * across two segments are read with a positioned read. Safe for many reader threads while a writer appends.
 *
 * <p>Only ranges the file already holds may be read: a range cut off later (the writer undoing an uncommitted
 * record) must never be asked for.
 */
public final class MappedFileReader {

    private static final int SEGMENT_BITS = 24;
    private static final long SEGMENT_BYTES = 1L << SEGMENT_BITS;

    private final FileChannel channel;
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];

    public MappedFileReader(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Copies {@code length} bytes from file offset {@code offset}; null if the file does not hold all of them.
     *
     * @throws IOException if the file cannot be read or mapped
     */
    public byte[] read(long offset, int length) throws IOException {
        long end = offset + length;
        int index = (int) (offset >>> SEGMENT_BITS);
        if (length == 0 || (end - 1) >>> SEGMENT_BITS != index) {
            return readDirect(offset, length);
        }
        MappedByteBuffer segment = segment(index, end);
        if (segment == null) {
            return null;
        }
        byte[] bytes = new byte[length];
        segment.get((int) (offset & (SEGMENT_BYTES - 1)), bytes);
        return bytes;
    }

    /**
     * The big-endian long at file offset {@code offset}, which must not cross a segment (a multiple of 8 never
     * does); 0 if the file does not hold it.
     *
     * @throws IOException if the file cannot be mapped
     */
    long readLong(long offset) throws IOException {
        MappedByteBuffer segment = segment((int) (offset >>> SEGMENT_BITS), offset + Long.BYTES);
        return segment == null ? 0 : segment.getLong((int) (offset & (SEGMENT_BYTES - 1)));
    }

    /** Segment {@code index}, mapped at least up to file offset {@code end}; null if the file ends before that. */
    private MappedByteBuffer segment(int index, long end) throws IOException {
        MappedByteBuffer[] known = segments;
        if (index < known.length && covers(known[index], index, end)) {
            return known[index];
        }
        synchronized (this) {
            known = segments;
            if (index < known.length && covers(known[index], index, end)) {
                return known[index];
            }
            long start = (long) index << SEGMENT_BITS;
            long size = Math.min(SEGMENT_BYTES, channel.size() - start);
            if (start + size < end) {
                return null;
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
            MappedByteBuffer[] grown = Arrays.copyOf(known, Math.max(known.length, index + 1));
            grown[index] = mapped;
            segments = grown;
            return mapped;
        }
    }

    private static boolean covers(MappedByteBuffer segment, int index, long end) {
        return segment != null && ((long) index << SEGMENT_BITS) + segment.capacity() >= end;
    }

    private byte[] readDirect(long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.array();
    }
}
