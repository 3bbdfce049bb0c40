package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.internal.append.EventRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventLogTest {

    @TempDir
    Path folder;

    @Test
    void rows_are_read_back_byte_for_byte_from_any_position_after_reopening() throws Exception {
        List<EventRow> written = new ArrayList<>();
        try (EventLog log = EventLog.open(folder)) {
            for (int record = 0; record < 5; record++) {
                List<EventRow> rows = rows(written.size() + 1, 1 + record);
                log.append(rows);
                written.addAll(rows);
            }
        }
        try (EventLog log = EventLog.open(folder)) {
            assertThat(log.lastPosition()).isEqualTo(15);
            assertThat(read(log, 1)).usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
            assertThat(read(log, 9)).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(written.subList(8, 15));
            assertThat(read(log, 16)).isEmpty();
            List<EventRow> bounded = new ArrayList<>();
            log.readFrom(9, 10, bounded::add);
            assertThat(bounded).extracting(EventRow::position).containsExactly(9L, 10L);
        }
    }

    @Test
    void a_record_cut_short_by_a_crash_is_cut_off_on_opening_and_the_log_goes_on() throws Exception {
        Path file = writeRecords(3, 2);
        long whole = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole - 7);
        }
        try (EventLog log = EventLog.open(folder)) {
            assertThat(log.lastPosition()).isEqualTo(3);
            assertThat(read(log, 1)).extracting(EventRow::position).containsExactly(1L, 2L, 3L);
            log.append(rows(4, 1));
        }
        try (EventLog log = EventLog.open(folder)) {
            assertThat(read(log, 1)).extracting(EventRow::position).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void a_last_record_with_a_changed_byte_fails_its_checksum_and_is_cut_off() throws Exception {
        Path file = writeRecords(2, 2);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), Files.size(file) - 20);
        }
        try (EventLog log = EventLog.open(folder)) {
            assertThat(log.lastPosition()).isEqualTo(2);
        }
    }

    @Test
    void an_undone_record_is_gone_and_its_positions_are_written_again() throws Exception {
        try (EventLog log = EventLog.open(folder)) {
            log.append(rows(1, 2));
            long size = log.size();
            log.append(rows(3, 2));
            log.undo(size, 2, new IOException("commit failed"));
            assertThat(log.lastPosition()).isEqualTo(2);
            List<EventRow> again = rows(3, 1);
            log.append(again);
            assertThat(read(log, 3)).usingRecursiveFieldByFieldElementComparator().isEqualTo(again);
        }
    }

    @Test
    void rows_that_do_not_continue_the_positions_are_refused() {
        try (EventLog log = EventLog.open(folder)) {
            assertThatThrownBy(() -> log.append(rows(2, 1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start at position 1");
        }
    }

    @Test
    void a_log_open_elsewhere_is_refused_with_a_message() {
        try (EventLog log = EventLog.open(folder)) {
            assertThatThrownBy(() -> EventLog.open(folder)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void a_file_that_is_not_an_event_log_is_refused_and_kept() throws IOException {
        Path file = folder.resolve(EventLog.FILE_NAME);
        Files.writeString(file, "my notes, not an event log");
        assertThatThrownBy(() -> EventLog.open(folder)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("is not a Rewind event log");
        assertThat(Files.readString(file)).isEqualTo("my notes, not an event log");
    }

    @Test
    void the_global_log_is_read_from_any_position_after_reopening_with_a_count_and_a_filter() throws Exception {
        List<EventRow> written = new ArrayList<>();
        try (EventLog log = EventLog.open(folder)) {
            while (written.size() < 5_000) {
                List<EventRow> rows = rows(written.size() + 1, 1 + written.size() % 7);
                log.append(rows);
                written.addAll(rows);
            }
            log.committed();
        }
        try (EventLog log = EventLog.open(folder)) {
            for (long from : new long[] {1, 2, 1_023, 1_025, 2_500, 4_000, 4_990, written.size()}) {
                List<RecordedEvent> events = log.read(from, 100, EventFilter.all());
                assertThat(events).as("read from " + from).hasSize((int) Math.min(100, written.size() - from + 1));
                for (int i = 0; i < events.size(); i++) {
                    EventRow row = written.get((int) from - 1 + i);
                    RecordedEvent event = events.get(i);
                    assertThat(event.globalPosition()).isEqualTo(row.position());
                    assertThat(event.eventId()).isEqualTo(row.eventId());
                    assertThat(event.streamId()).isEqualTo(row.streamId());
                    assertThat(event.data()).isEqualTo(row.data());
                    assertThat(event.recordedAt()).isEqualTo(row.recordedAt().toInstant());
                    assertThat(event.metadata().headers()).hasSize(row.metadataJson() == null ? 0 : 1);
                }
            }
            List<RecordedEvent> filtered = log.read(1, 10_000, EventFilter.categories("stream"));
            assertThat(filtered).hasSize(written.size());
            assertThat(log.read(1, 10, EventFilter.categories("other"))).isEmpty();
            assertThat(log.read(written.size() + 1, 10, EventFilter.all())).isEmpty();
        }
    }

    @Test
    void readers_see_only_what_the_writer_marked_committed() throws Exception {
        try (EventLog log = EventLog.open(folder)) {
            log.append(rows(1, 2));
            log.committed();
            long size = log.size();
            log.append(rows(3, 2));
            assertThat(log.read(1, 10, EventFilter.all())).extracting(RecordedEvent::globalPosition)
                    .containsExactly(1L, 2L);
            log.undo(size, 2, new IOException("commit failed"));
            log.append(rows(3, 1));
            log.committed();
            assertThat(log.read(1, 10, EventFilter.all())).extracting(RecordedEvent::globalPosition)
                    .containsExactly(1L, 2L, 3L);
        }
    }

    /** Writes one record per count, closes the log and returns its file. */
    private Path writeRecords(int... counts) throws IOException {
        try (EventLog log = EventLog.open(folder)) {
            for (int count : counts) {
                log.append(rows(log.lastPosition() + 1, count));
            }
        }
        return folder.resolve(EventLog.FILE_NAME);
    }

    private static List<EventRow> read(EventLog log, long from) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        log.readFrom(from, Long.MAX_VALUE, rows::add);
        return rows;
    }

    private static List<EventRow> rows(long first, int count) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long position = first + i;
            rows.add(new EventRow(position, "stream-" + position % 3, position, UUID.randomUUID(), "Type.v1",
                    ("{\"n\":" + position + "}").getBytes(UTF_8), i % 2 == 0 ? null : "{\"headers\":{\"k\":\"v\"}}",
                    OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 123_456_000, ZoneOffset.UTC)));
        }
        return rows;
    }
}
