package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStores;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The store the damage tests start from: {@link #EVENTS} events over {@link #STREAMS} streams ({@code s-0} to
 * {@code s-6}), written through the public API in appends of one to five events and closed cleanly; and the damage
 * done to its files by hand.
 */
final class DamagedStoreFiles {

    static final int EVENTS = 3_000;
    static final int STREAMS = 7;

    private DamagedStoreFiles() {
    }

    /** Writes the store into {@code folder}; returns every event as stored, in position order. */
    static List<RecordedEvent> write(Path folder) {
        Random random = new Random(14);
        try (EventStore store = open(folder)) {
            int written = 0;
            while (written < EVENTS) {
                int count = Math.min(1 + random.nextInt(5), EVENTS - written);
                List<NewEvent> events = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int n = written + i;
                    events.add(NewEvent.of("Damage.v1", ("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(n % 50) + "\"}")
                            .getBytes(UTF_8)));
                }
                store.append("s-" + random.nextInt(STREAMS), ExpectedVersion.any(), events);
                written += count;
            }
            return store.readAll(1, EVENTS + 1, EventFilter.all());
        }
    }

    static EventStore open(Path folder) {
        return EventStores.open("embedded:" + folder);
    }

    /** Overwrites {@code bytes.length} bytes of {@code file} at {@code offset}. */
    static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        }
    }

    /** Inverts the byte of {@code file} at {@code offset}. */
    static void flip(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) ~one.get(0));
            channel.write(one.rewind(), offset);
        }
    }

    /** Cuts the last {@code bytes} bytes off {@code file}. */
    static void cut(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    /** {@code count} random bytes from a seeded generator. */
    static byte[] garbage(int count, long seed) {
        byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The log offset of the row of the event at {@code position}, as the store's offset file has it. */
    static long rowOffset(Path folder, long position) throws IOException {
        try (LogOffsets offsets = LogOffsets.open(folder)) {
            return LogOffsets.offsetOf(offsets.entry(position));
        }
    }
}
