package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 store's write-ahead journal, a plain append-only file next to the database. The writer appends each
 * transaction's rows here before H2 commits and acknowledges only after both. A {@code write} to a file is in the
 * operating system's cache when it returns, so an acknowledged append survives {@code kill -9} even though H2 itself
 * writes its commits to the file in the background (its fast default). On opening, {@link JournalReplay} puts back
 * what H2 had not written; after a {@code CHECKPOINT} the journal is emptied.
 *
 * <p>Format: an 8-byte header, then one record per transaction: body length (int), CRC-32C of the body (int), body.
 * A record cut short by a crash fails its length or checksum; it was never acknowledged and is cut off on reading.
 */
final class CommitJournal implements AutoCloseable {

    static final String FILE_NAME = "rewind-journal.bin";
    private static final Logger LOG = LoggerFactory.getLogger(CommitJournal.class);
    private static final byte[] HEADER = {'R', 'W', 'J', 'R', 'N', 'L', 0, 1};
    private static final int RECORD_HEAD = 8;

    private final Path file;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long size;
    private boolean broken;

    private CommitJournal(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens (or creates) the journal in an H2 store's folder; the caller holds H2's file lock, so no other process
     * writes it.
     *
     * @throws EventStoreException if the file cannot be opened or is not a Rewind journal
     */
    static CommitJournal open(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                long size = channel.size();
                if (size < HEADER.length) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(HEADER), 0);
                    size = HEADER.length;
                } else {
                    ByteBuffer header = ByteBuffer.allocate(HEADER.length);
                    channel.read(header, 0);
                    if (!Arrays.equals(header.array(), HEADER)) {
                        throw new EventStoreException("The file " + file + " is not a Rewind journal (or one of a"
                                + " newer version); move it away only if this folder is not a Rewind H2 store.");
                    }
                }
                return new CommitJournal(file, channel, size);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new EventStoreException("Could not open the journal " + file + " (" + e.getMessage()
                    + "); check that the store's folder is writable.", e);
        }
    }

    /** The file's length in bytes. */
    long size() {
        return size;
    }

    /**
     * Appends one transaction's rows as one record. When this returns the record is in the operating system's
     * cache, so it survives the death of this process (not a power loss).
     */
    void append(List<EventRow> rows) throws IOException {
        if (broken) {
            throw new IOException("an earlier write to the journal " + file + " failed and could not be undone");
        }
        ByteBuffer body = encode(rows);
        int length = body.position() - RECORD_HEAD;
        CRC32C crc = new CRC32C();
        crc.update(body.array(), RECORD_HEAD, length);
        body.putInt(0, length).putInt(4, (int) crc.getValue()).flip();
        long start = size;
        try {
            while (body.hasRemaining()) {
                channel.write(body, start + body.position());
            }
        } catch (IOException e) {
            undo(start, e);
            throw e;
        }
        size = start + body.limit();
    }

    /**
     * Cuts the file back to {@code length}, undoing the records after it (their transaction did not commit). If even
     * that fails the journal takes no more records: one appended after a torn one would be lost on reading.
     */
    void undo(long length, Exception cause) {
        try {
            truncate(length);
        } catch (IOException e) {
            broken = true;
            cause.addSuppressed(e);
        }
    }

    private void truncate(long length) throws IOException {
        channel.truncate(length);
        size = length;
    }

    /** Empties the journal once H2 has written everything in it to its own file. */
    void clear() throws IOException {
        truncate(HEADER.length);
    }

    /** Reads every whole record, in order; cuts off a torn last record left by a crash. */
    List<EventRow> readAll() throws IOException {
        List<EventRow> rows = new ArrayList<>();
        long offset = HEADER.length;
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEAD);
        while (offset + RECORD_HEAD <= size) {
            head.clear();
            readFully(head, offset);
            int length = head.getInt(0);
            int checksum = head.getInt(4);
            if (length < 4 || offset + RECORD_HEAD + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(body, offset + RECORD_HEAD);
            CRC32C crc = new CRC32C();
            crc.update(body.array());
            if ((int) crc.getValue() != checksum) {
                break;
            }
            decode(body.flip(), rows);
            offset += RECORD_HEAD + length;
        }
        if (offset < size) {
            LOG.warn("The journal {} ends in an incomplete record at byte {} of {} (a write cut short by a crash;"
                    + " it was never acknowledged); cutting it off", file, offset, size);
            truncate(offset);
        }
        return rows;
    }

    private void readFully(ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position()) < 0) {
                throw new IOException("The journal " + file + " ended while reading at byte " + position);
            }
        }
    }

    private ByteBuffer encode(List<EventRow> rows) {
        buffer.clear();
        buffer.position(RECORD_HEAD);
        room(4);
        buffer.putInt(rows.size());
        for (EventRow row : rows) {
            room(56);
            buffer.putLong(row.position()).putLong(row.version())
                    .putLong(row.eventId().getMostSignificantBits()).putLong(row.eventId().getLeastSignificantBits())
                    .putLong(row.recordedAt().toEpochSecond()).putInt(row.recordedAt().getNano());
            putBytes(row.streamId().getBytes(UTF_8));
            putBytes(row.type().getBytes(UTF_8));
            putBytes(row.data());
            putBytes(row.metadataJson() == null ? null : row.metadataJson().getBytes(UTF_8));
        }
        return buffer;
    }

    private void putBytes(byte[] bytes) {
        room(4 + (bytes == null ? 0 : bytes.length));
        if (bytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private void room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
    }

    private static void decode(ByteBuffer body, List<EventRow> rows) {
        int count = body.getInt();
        for (int i = 0; i < count; i++) {
            long position = body.getLong();
            long version = body.getLong();
            UUID eventId = new UUID(body.getLong(), body.getLong());
            long seconds = body.getLong();
            int nanos = body.getInt();
            String streamId = new String(getBytes(body), UTF_8);
            String type = new String(getBytes(body), UTF_8);
            byte[] data = getBytes(body);
            byte[] metadata = getBytes(body);
            rows.add(new EventRow(position, streamId, version, eventId, type, data,
                    metadata == null ? null : new String(metadata, UTF_8),
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC)));
        }
    }

    private static byte[] getBytes(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Could not close the journal {}: {}", file, e.toString());
        }
    }
}
