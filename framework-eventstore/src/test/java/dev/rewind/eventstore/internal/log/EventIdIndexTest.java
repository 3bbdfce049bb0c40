package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.StoredEventIds;
import dev.rewind.eventstore.internal.mapped.HashTableFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event-id index on a real event log in a temporary folder: it grows, keeps its table across reopening, and
 * whatever happened to its file (gone, garbled, behind or ahead of the log) finds exactly the log's ids.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventIdIndexTest {

    private static final int BATCH = 500;

    @TempDir
    Path folder;

    private EventLog log;
    private final List<EventRow> rows = new ArrayList<>();

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void the_table_grows_and_finds_every_id_at_its_position() throws Exception {
        log = EventLog.open(folder);
        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertThat(Files.size(indexFile())).isEqualTo(4_096 + 24L * (1 << 16));
            append(200_000, index);

            assertFindsEveryId(index);
            assertThat(index.find(UUID.randomUUID())).isNull();
            assertThat(index.positionHint(UUID.randomUUID())).isZero();
        }
        assertThat(Files.size(indexFile())).as("2^19 slots for 200,000 ids").isEqualTo(4_096 + 24L * (1 << 19));
        assertThat(Files.exists(folder.resolve(EventIdIndex.FILE_NAME + ".new"))).isFalse();
    }

    @Test
    void a_reopened_index_keeps_its_file_and_finds_every_id() throws Exception {
        fillIndexed(5_000);
        Object file = fileKey();

        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertThat(fileKey()).as("the same file, not a rebuilt one").isEqualTo(file);
            assertThat(index.position()).isEqualTo(5_000);
            assertFindsEveryId(index);
        }
    }

    @Test
    void ids_the_log_got_after_the_index_was_saved_are_added_on_opening() throws Exception {
        fillIndexed(3_000);
        append(1_234, null); // a crash between the log write and the index update

        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertThat(index.position()).isEqualTo(4_234);
            assertFindsEveryId(index);
        }
    }

    @Test
    void a_missing_index_is_rebuilt_from_the_log() throws Exception {
        log = EventLog.open(folder);
        append(60_000, null);

        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertFindsEveryId(index);
        }
        assertThat(Files.size(indexFile())).isEqualTo(4_096 + 24L * (1 << 17));
    }

    @Test
    void an_index_with_a_garbled_header_is_rebuilt_from_the_log() throws Exception {
        fillIndexed(5_000);
        Object file = fileKey();
        overwrite(20, 4);

        assertRebuiltAndFindsEveryId(file);
    }

    @Test
    void an_index_ahead_of_a_log_that_lost_its_end_is_rebuilt_and_forgets_the_lost_ids() throws Exception {
        fillIndexed(5_000);
        log.close();
        try (FileChannel file = FileChannel.open(folder.resolve(EventLog.FILE_NAME), StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 1);
        }
        log = EventLog.open(folder);
        List<EventRow> lost = new ArrayList<>(rows.subList(5_000 - BATCH, 5_000));
        rows.subList(5_000 - BATCH, 5_000).clear();

        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertFindsEveryId(index);
            for (EventRow row : lost) {
                assertThat(index.find(row.eventId())).isNull();
            }
        }
    }

    @Test
    void an_index_of_another_log_is_rebuilt_from_this_one() throws Exception {
        fillIndexed(5_000);
        byte[] otherIndex = Files.readAllBytes(indexFile());
        log.close();
        Files.delete(folder.resolve(EventLog.FILE_NAME));
        Files.delete(folder.resolve(LogOffsets.FILE_NAME));
        rows.clear();
        fillIndexed(5_000);
        Files.write(indexFile(), otherIndex);
        Object file = fileKey();

        assertRebuiltAndFindsEveryId(file);
    }

    @Test
    void garbled_slots_never_make_up_an_event() throws Exception {
        fillIndexed(5_000);
        overwrite(4_096 + 24 * 1_000, 24 * 30_000);

        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            for (EventRow row : rows) {
                StoredEventIds.Stored found = index.find(row.eventId());
                if (found != null) {
                    assertThat(found).isEqualTo(stored(row));
                }
            }
            for (int i = 0; i < 10_000; i++) {
                assertThat(index.find(UUID.randomUUID())).isNull();
            }
        }
    }

    @Test
    void a_slot_damaged_while_the_index_is_open_fails_the_lookup_and_says_the_store_rebuilds_it() throws Exception {
        fillIndexed(5_000);
        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            HashTableFile.flipKeyOfTakenSlots(indexFile());

            UUID id = rows.get(0).eventId();
            assertThatThrownBy(() -> index.find(id)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining(indexFile().toString()).hasMessageContaining("fails its check")
                    .hasMessageContaining("rebuilds it from the event log");
            assertThatThrownBy(() -> index.positionHint(id)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("fails its check");
        }
    }

    /** Opens the log and the index, appends events through both and closes the index. */
    private void fillIndexed(int events) throws Exception {
        log = EventLog.open(folder);
        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            append(events, index);
        }
    }

    /** Appends events to the log, one record per {@link #BATCH}, and gives them to the index unless it is null. */
    private void append(int events, EventIdIndex index) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (int done = 0; done < events; done += BATCH) {
            List<EventRow> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, events - done); i++) {
                long position = log.lastPosition() + 1 + i;
                batch.add(new EventRow(position, "stream-" + position % 13, position / 13, UUID.randomUUID(),
                        "Indexed.v1", "{}".getBytes(UTF_8), null, now));
            }
            log.append(batch);
            log.committed();
            if (index != null) {
                index.added(batch);
            }
            rows.addAll(batch);
        }
    }

    /** Opening makes a new file (not {@code file}) that finds every id. */
    private void assertRebuiltAndFindsEveryId(Object file) throws Exception {
        try (EventIdIndex index = EventIdIndex.open(folder, log)) {
            assertThat(fileKey()).as("a rebuilt file").isNotEqualTo(file);
            assertFindsEveryId(index);
        }
    }

    private void assertFindsEveryId(EventIdIndex index) {
        for (EventRow row : rows) {
            assertThat(index.find(row.eventId())).as("event at position %d", row.position()).isEqualTo(stored(row));
            assertThat(index.positionHint(row.eventId())).isEqualTo(row.position());
        }
    }

    private static StoredEventIds.Stored stored(EventRow row) {
        return new StoredEventIds.Stored(row.position(), row.streamId(), row.version(), row.eventId());
    }

    /** Overwrites bytes of the closed index with random ones. */
    private void overwrite(long offset, int length) throws Exception {
        byte[] garbage = new byte[length];
        new Random(42).nextBytes(garbage);
        try (FileChannel file = FileChannel.open(indexFile(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(garbage), offset);
        }
    }

    private Path indexFile() {
        return folder.resolve(EventIdIndex.FILE_NAME);
    }

    private Object fileKey() throws Exception {
        return Files.readAttributes(indexFile(), BasicFileAttributes.class).fileKey();
    }
}
