package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store's journal on real files: its records read back as written, a torn last record is cut off, and opening
 * a store puts back what the journal holds beyond H2's file (or refuses when the two disagree).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class CommitJournalTest {

    private static final OffsetDateTime AT = OffsetDateTime.ofInstant(Instant.parse("2026-11-27T10:15:30.123456Z"),
            ZoneOffset.UTC);

    @TempDir
    Path folder;

    @Test
    void records_read_back_exactly_as_written() throws IOException {
        // given
        List<EventRow> first = rows(1, 2, "s-1");
        List<EventRow> second = List.of(new EventRow(3, "s-2", 0, UUID.randomUUID(), "Other.v2", new byte[0], null,
                AT));
        // when
        try (CommitJournal journal = CommitJournal.open(folder)) {
            journal.append(first);
            journal.append(second);
        }
        // then
        try (CommitJournal journal = CommitJournal.open(folder)) {
            List<EventRow> read = journal.readAll();
            assertThat(read).hasSize(3);
            assertSame(read.get(0), first.get(0));
            assertSame(read.get(1), first.get(1));
            assertSame(read.get(2), second.get(0));
        }
    }

    @Test
    void a_record_cut_short_by_a_crash_is_dropped_and_the_file_cut_back() throws IOException {
        // given: two records, the second one torn in the middle
        long afterFirst;
        try (CommitJournal journal = CommitJournal.open(folder)) {
            journal.append(rows(1, 1, "s-1"));
            afterFirst = journal.size();
            journal.append(rows(2, 3, "s-1"));
        }
        Path file = folder.resolve(CommitJournal.FILE_NAME);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 5);
        }
        // when
        try (CommitJournal journal = CommitJournal.open(folder)) {
            List<EventRow> read = journal.readAll();
            // then
            assertThat(read).extracting(EventRow::position).containsExactly(1L);
            assertThat(journal.size()).isEqualTo(afterFirst);
        }
        assertThat(Files.size(file)).isEqualTo(afterFirst);
    }

    @Test
    void a_file_that_is_not_a_journal_is_refused_with_its_name() throws IOException {
        // given
        Files.writeString(folder.resolve(CommitJournal.FILE_NAME), "not a journal at all");
        // when / then
        assertThatThrownBy(() -> CommitJournal.open(folder)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining(CommitJournal.FILE_NAME).hasMessageContaining("is not a Rewind journal");
    }

    @Test
    void opening_a_store_puts_back_journaled_events_that_h2_did_not_write() throws IOException {
        // given: H2 holds positions 1..2, the journal 2..4 (as after a crash before H2's background write)
        String config = "h2:" + folder;
        List<RecordedEvent> stored = appendTwo(config);
        List<EventRow> journaled = new ArrayList<>();
        journaled.add(rowOf(stored.get(1)));
        journaled.addAll(rows(3, 2, "account-2"));
        try (CommitJournal journal = CommitJournal.open(folder)) {
            journal.append(journaled);
        }
        // when
        try (EventStore store = EventStores.open(config)) {
            // then
            List<RecordedEvent> all = store.readAll(1, 100);
            assertThat(all).extracting(RecordedEvent::globalPosition).containsExactly(1L, 2L, 3L, 4L);
            assertThat(all.get(2).eventId()).isEqualTo(journaled.get(1).eventId());
            assertThat(all.get(3).data()).isEqualTo(journaled.get(2).data());
            assertThat(all.get(3).streamId()).isEqualTo("account-2");
            assertThat(all.get(3).recordedAt()).isEqualTo(AT.toInstant());
            assertThat(store.readStream("account-2", 0, 10)).hasSize(2);
            // and the store goes on from the recovered head
            assertThat(store.append("account-2", ExpectedVersion.exactly(1),
                    List.of(NewEvent.of("Deposited.v1", "{}".getBytes(StandardCharsets.UTF_8)))).lastPosition())
                    .isEqualTo(5);
        }
        try (CommitJournal journal = CommitJournal.open(folder)) {
            assertThat(journal.readAll()).isEmpty();
        }
    }

    @Test
    void a_journal_that_disagrees_with_h2_is_refused_and_kept() throws IOException {
        // given: the journal says another event sits at position 2
        String config = "h2:" + folder;
        appendTwo(config);
        try (CommitJournal journal = CommitJournal.open(folder)) {
            journal.append(rows(2, 1, "account-1"));
        }
        long journalSize = Files.size(folder.resolve(CommitJournal.FILE_NAME));
        // when / then
        assertThatThrownBy(() -> EventStores.open(config)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Position 2 holds event").hasMessageContaining("Restore the folder");
        assertThat(Files.size(folder.resolve(CommitJournal.FILE_NAME))).isEqualTo(journalSize);
    }

    @Test
    void a_journal_that_starts_after_a_gap_is_refused() throws IOException {
        // given
        String config = "h2:" + folder;
        appendTwo(config);
        try (CommitJournal journal = CommitJournal.open(folder)) {
            journal.append(rows(5, 1, "account-1"));
        }
        // when / then
        assertThatThrownBy(() -> EventStores.open(config)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("events 3..4 are missing");
    }

    private static List<RecordedEvent> appendTwo(String config) {
        try (EventStore store = EventStores.open(config)) {
            store.append("account-1", ExpectedVersion.noStream(), List.of(
                    NewEvent.of("Opened.v1", "{\"owner\":\"Ada\"}".getBytes(StandardCharsets.UTF_8)),
                    new NewEvent(UUID.randomUUID(), "Deposited.v1", new byte[] {1, 2, 3},
                            Metadata.empty().withHeader("k", "v"))));
            return store.readAll(1, 10);
        }
    }

    private static EventRow rowOf(RecordedEvent event) {
        return new EventRow(event.globalPosition(), event.streamId(), event.streamVersion(), event.eventId(),
                event.type(), event.data(), MetadataJson.write(event.metadata()),
                OffsetDateTime.ofInstant(event.recordedAt(), ZoneOffset.UTC));
    }

    private static List<EventRow> rows(long firstPosition, int count, String streamId) {
        List<EventRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new EventRow(firstPosition + i, streamId, i, UUID.randomUUID(), "Deposited.v1",
                    ("{\"amount\":" + i + "}").getBytes(StandardCharsets.UTF_8), i % 2 == 0 ? null : "{\"k\":\"v\"}",
                    AT));
        }
        return rows;
    }

    private static void assertSame(EventRow actual, EventRow expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
