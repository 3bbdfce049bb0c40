package dev.rewind.eventstore.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the event log itself and to the files that find its events, done by hand to a store closed cleanly:
 * nothing acknowledged is cut off, no read returns changed bytes, and a derived file that disagrees with the log is
 * rebuilt by the store.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogDamageTest {

    /** A row's payload starts after its fixed fields and the lengths and bytes of "s-N" and "Damage.v1". */
    private static final int PAYLOAD_IN_ROW = 36 + 4 + 3 + 4 + 9 + 4;
    /** Record 1's first row follows the log's header, the record's head and the body's head. */
    private static final int FIRST_ROW = 8 + EventLog.RECORD_HEAD + EventLog.BODY_HEAD;

    @TempDir
    Path folder;
    private List<RecordedEvent> written;

    @BeforeEach
    void writeStore() {
        written = DamagedStoreFiles.write(folder);
    }

    @Test
    void damage_inside_the_log_with_a_torn_tail_is_refused_and_nothing_is_cut_off() throws Exception {
        Path log = logFile();
        long size = Files.size(log);
        DamagedStoreFiles.overwrite(log, size / 2, DamagedStoreFiles.garbage(16, 1));
        DamagedStoreFiles.cut(log, 3);

        assertThatThrownBy(() -> DamagedStoreFiles.open(folder)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("is damaged from byte").hasMessageContaining("whole records follow it")
                .hasMessageContaining("nothing was changed").hasMessageContaining(log.toString());
        assertThat(Files.size(log)).as("the log keeps every byte").isEqualTo(size - 3);
    }

    @Test
    void a_torn_tail_alone_is_still_cut_off_and_the_store_goes_on() throws Exception {
        DamagedStoreFiles.cut(logFile(), 3);

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            long head = store.headPosition();
            assertThat(head).isLessThan(DamagedStoreFiles.EVENTS).isGreaterThan(DamagedStoreFiles.EVENTS - 6);
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written.subList(0, (int) head));
        }
    }

    @Test
    void a_changed_payload_byte_fails_the_stream_read_as_it_fails_the_global_log() throws Exception {
        RecordedEvent damaged = written.get(1_499);
        long row = DamagedStoreFiles.rowOffset(folder, damaged.globalPosition());
        DamagedStoreFiles.flip(logFile(), row + PAYLOAD_IN_ROW + 2);

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThatThrownBy(() -> store.readStream(damaged.streamId())).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("position " + damaged.globalPosition()).hasMessageContaining("is damaged")
                    .hasMessageContaining(logFile().toString());
            assertThatThrownBy(() -> store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("is damaged");
            assertStreamsReadAsWrittenBut(store, damaged.streamId());
        }
    }

    @Test
    void a_changed_recorded_at_fails_the_stream_read() throws Exception {
        RecordedEvent first = written.get(0);
        DamagedStoreFiles.overwrite(logFile(), FIRST_ROW + 24, DamagedStoreFiles.garbage(8, 2));

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThatThrownBy(() -> store.readStream(first.streamId(), 0, 1)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("position 1").hasMessageContaining("is damaged");
        }
    }

    @Test
    void garbled_links_of_the_stream_index_are_rebuilt_on_opening() throws Exception {
        Path links = folder.resolve(StreamIndex.LINKS_FILE_NAME);
        DamagedStoreFiles.overwrite(links, 8 + 8 * 500, DamagedStoreFiles.garbage(4_096, 3));

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertStreamsReadAsWrittenBut(store, null);
        }
    }

    @Test
    void scattered_damage_to_the_links_and_the_offsets_is_rebuilt_on_opening() throws Exception {
        Path links = folder.resolve(StreamIndex.LINKS_FILE_NAME);
        Path offsets = folder.resolve(LogOffsets.FILE_NAME);
        for (int i = 0; i < 20; i++) {
            DamagedStoreFiles.overwrite(links, 8 + 1_201L * i, DamagedStoreFiles.garbage(3, 10 + i));
            DamagedStoreFiles.overwrite(offsets, 8 + 2_399L * i, DamagedStoreFiles.garbage(10, 40 + i));
        }

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertStreamsReadAsWrittenBut(store, null);
        }
    }

    @Test
    void random_bytes_in_the_offsets_are_rebuilt_on_opening() throws Exception {
        DamagedStoreFiles.overwrite(folder.resolve(LogOffsets.FILE_NAME), 8 + 16 * 700,
                DamagedStoreFiles.garbage(200, 4));

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertStreamsReadAsWrittenBut(store, null);
        }
    }

    @Test
    void links_damaged_while_the_store_is_open_fail_the_read_with_a_message_and_are_rebuilt_on_reopening()
            throws Exception {
        Path links = folder.resolve(StreamIndex.LINKS_FILE_NAME);
        RecordedEvent last = written.get(written.size() - 1);
        try (EventStore store = DamagedStoreFiles.open(folder)) {
            DamagedStoreFiles.overwrite(links, 8 + 8 * (last.globalPosition() - 1), new byte[8]);

            assertThatThrownBy(() -> store.readStream(last.streamId(), 0, DamagedStoreFiles.EVENTS))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining(StreamIndex.LINKS_FILE_NAME)
                    .hasMessageContaining("fails its check").hasMessageContaining("close the store and open it again");
        }
        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertStreamsReadAsWrittenBut(store, null);
        }
    }

    /** Every stream but {@code except} (null: every stream) reads back exactly as written. */
    private void assertStreamsReadAsWrittenBut(EventStore store, String except) {
        for (int s = 0; s < DamagedStoreFiles.STREAMS; s++) {
            String stream = "s-" + s;
            if (stream.equals(except)) {
                continue;
            }
            List<RecordedEvent> expected = written.stream().filter(e -> e.streamId().equals(stream)).toList();
            assertThat(store.readStream(stream)).as(stream).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(expected);
            assertThat(store.readStream(stream, 17, 5)).as(stream + " from version 17")
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.subList(17, 22));
        }
    }

    private Path logFile() {
        return folder.resolve(EventLog.FILE_NAME);
    }
}
