package dev.rewind.eventstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file of one long per log position, from position 1 on, after an 8-byte header naming what the longs are. It
 * only grows at its end (or is cut back); the writer appends with positioned writes, and readers on any thread read
 * entries the writer has written through memory maps. The files derived from the {@link EventLog} that follow its
 * positions ({@link LogOffsets}, the previous-event links of {@link StreamIndex}) are such files.
 */
final class PositionFile implements AutoCloseable {

    private final FileChannel channel;
    private final MappedFileReader reader;
    private final int headerBytes;
    private ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
    private long entries;

    private PositionFile(FileChannel channel, int headerBytes) {
        this.channel = channel;
        this.reader = new MappedFileReader(channel);
        this.headerBytes = headerBytes;
    }

    /**
     * Opens (or creates) the file; a file that does not start with {@code header} is started afresh, as everything
     * in it can be derived from the log again.
     */
    static PositionFile open(Path file, byte[] header) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            PositionFile positions = new PositionFile(channel, header.length);
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
        entries = (channel.size() - headerBytes) / Long.BYTES;
    }

    /** How many positions, from 1 on, have an entry. */
    long entries() {
        return entries;
    }

    /** Keeps the entries of positions 1 to {@code position} only. */
    void truncate(long position) throws IOException {
        if (position < entries) {
            channel.truncate(headerBytes + position * Long.BYTES);
            entries = position;
        }
    }

    /** Adds the entries of the next {@code count} positions. */
    void append(long[] values, int count) throws IOException {
        if (buffer.capacity() < count * Long.BYTES) {
            buffer = ByteBuffer.allocate(count * Long.BYTES);
        }
        buffer.clear();
        for (int i = 0; i < count; i++) {
            buffer.putLong(values[i]);
        }
        buffer.flip();
        long at = headerBytes + entries * Long.BYTES;
        while (buffer.hasRemaining()) {
            channel.write(buffer, at + buffer.position());
        }
        entries += count;
    }

    /** The entry of {@code position} (safe from any thread once the writer wrote it); 0 if the file has none. */
    long get(long position) throws IOException {
        return reader.readLong(headerBytes + (position - 1) * Long.BYTES);
    }

    /** Forces the entries to the disk. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
