package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStores;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream reads find their events in the log through {@code rewind-events.idx}; whatever happened to that file (gone,
 * short, too long, damaged), the streams read back exactly what the global log holds.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogOffsetsTest {

    private static final int STREAMS = 5;
    private static final int APPENDS = 400;

    @TempDir
    Path folder;

    @Test
    void streams_read_from_the_log_hold_what_the_global_log_holds() {
        fill();
        assertStreamsMatchTheGlobalLog();
    }

    @Test
    void a_removed_offset_file_is_rebuilt_from_the_log() throws Exception {
        fill();
        Files.delete(offsetFile());

        assertStreamsMatchTheGlobalLog();
        assertThat(Files.size(offsetFile())).isEqualTo(8 + (long) LogOffsets.ENTRY_BYTES * APPENDS * 2);
    }

    @Test
    void an_offset_file_a_crash_left_short_is_filled_in_and_the_store_goes_on() throws Exception {
        fill();
        try (FileChannel idx = FileChannel.open(offsetFile(), StandardOpenOption.WRITE)) {
            idx.truncate(idx.size() - LogOffsets.ENTRY_BYTES * 7 - 3);
        }

        assertStreamsMatchTheGlobalLog();
        try (EventStore store = open()) {
            store.append("stream-0", ExpectedVersion.any(), List.of(event(-1)));
        }
        assertStreamsMatchTheGlobalLog();
    }

    @Test
    void entries_beyond_the_logs_end_are_cut_off() throws Exception {
        fill();
        try (FileChannel idx = FileChannel.open(offsetFile(), StandardOpenOption.WRITE)) {
            idx.write(ByteBuffer.allocate(LogOffsets.ENTRY_BYTES * 10).putLong(0, 12_345L << 24 | 40), idx.size());
        }

        try (EventStore store = open()) {
            store.append("stream-1", ExpectedVersion.any(), List.of(event(-1), event(-2)));
        }
        assertStreamsMatchTheGlobalLog();
    }

    @Test
    void damaged_entries_are_found_on_opening_and_filled_in_again_from_the_log() throws Exception {
        fill();
        int entry = LogOffsets.ENTRY_BYTES;
        try (FileChannel idx = FileChannel.open(offsetFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // entries pointing at the wrong rows, at no row, beyond the end of the log, and another position's
            idx.write(ByteBuffer.allocate(entry).putLong(0, idx.size() << 24 | 60), 8 + entry * 10);
            idx.write(ByteBuffer.allocate(entry).putLong(0, 17L << 24 | 100), 8 + entry * 11);
            ByteBuffer copied = ByteBuffer.allocate(entry);
            idx.read(copied, 8 + entry * 30);
            idx.write(copied.flip(), 8 + entry * 31);
        }

        assertStreamsMatchTheGlobalLog();
        try (LogOffsets offsets = LogOffsets.open(folder)) {
            assertThat(offsets.entries()).as("entries kept before the first damaged one, then filled in")
                    .isEqualTo(APPENDS * 2);
            for (long position = 1; position <= APPENDS * 2; position++) {
                assertThat(offsets.entry(position)).as("entry of position %d", position).isNotZero();
            }
        }
    }

    @Test
    void an_entry_damaged_while_the_store_is_open_only_makes_that_read_slower() throws Exception {
        fill();
        try (EventStore store = open()) {
            List<RecordedEvent> before = store.readStream("stream-2");
            overwrite(8 + LogOffsets.ENTRY_BYTES * (before.get(3).globalPosition() - 1),
                    DamagedStoreFiles.garbage(LogOffsets.ENTRY_BYTES, 3));
            store.append("stream-3", ExpectedVersion.any(), List.of(event(-1)));

            assertThat(store.readStream("stream-2")).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(before);
        }
        assertStreamsMatchTheGlobalLog();
    }

    private void fill() {
        try (EventStore store = open()) {
            for (int i = 0; i < APPENDS; i++) {
                store.append("stream-" + i % STREAMS, ExpectedVersion.any(), List.of(event(2 * i), event(2 * i + 1)));
            }
        }
    }

    private void assertStreamsMatchTheGlobalLog() {
        try (EventStore store = open()) {
            List<RecordedEvent> all = store.readAll(1, Integer.MAX_VALUE, EventFilter.all());
            for (int stream = 0; stream < STREAMS; stream++) {
                String id = "stream-" + stream;
                List<RecordedEvent> expected = all.stream().filter(e -> e.streamId().equals(id)).toList();
                assertThat(store.readStream(id)).as(id).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(expected);
                assertThat(store.readStream(id, 37, 5)).as(id + " from version 37")
                        .usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.subList(37, 42));
            }
        }
    }

    private void overwrite(long offset, byte[] bytes) throws Exception {
        DamagedStoreFiles.overwrite(offsetFile(), offset, bytes);
    }

    private Path offsetFile() {
        return folder.resolve(LogOffsets.FILE_NAME);
    }

    private EventStore open() {
        return EventStores.open("embedded:" + folder);
    }

    private static NewEvent event(int n) {
        return NewEvent.of("Counted.v1", ("{\"n\":" + n + "}").getBytes(UTF_8));
    }

}
