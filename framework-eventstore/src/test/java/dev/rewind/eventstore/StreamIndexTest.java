package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream index on a real event log in a temporary folder: every stream's head and links match the log, after
 * reopening, after a crash at any point of an update, and whatever happened to its files (gone, garbled, ahead of
 * the log, written before the machine stopped).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StreamIndexTest {

    private static final int BATCH = 500;
    private static final int EVENTS = 20_000;

    @TempDir
    Path folder;

    private EventLog log;
    private final Random random = new Random(7);
    /** Each stream's positions, in version order, as appended. */
    private final Map<String, List<Long>> streams = new HashMap<>();

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void every_stream_is_found_by_following_its_links_back_from_its_head() throws Exception {
        log = EventLog.open(folder);
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            append(EVENTS, index);
            assertEveryStream(index);
            assertThat(index.head("never-written")).isNull();
        }
        assertThat(streams).hasSizeGreaterThan(250);
    }

    @Test
    void a_reopened_index_keeps_its_files_and_finds_every_stream() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("the same file, not a rebuilt one").isEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void events_the_log_got_after_the_index_was_saved_are_added_on_opening() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();
        append(3_456, null); // a crash between the log write and the index update

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).isEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void a_crash_after_links_and_heads_moved_on_but_before_the_header_did_is_redone_from_the_log() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();
        setSavedPosition(EVENTS - 1_234);

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("checked against the log and kept").isEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void links_after_the_saved_position_that_differ_from_the_log_have_the_index_rebuilt() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();
        setSavedPosition(EVENTS - 1_234);
        try (FileChannel links = FileChannel.open(folder.resolve(StreamIndex.LINKS_FILE_NAME),
                StandardOpenOption.WRITE)) {
            links.write(ByteBuffer.allocate(8).putLong(0, 3), 8 + 8L * (EVENTS - 100 - 1));
        }

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("a rebuilt file").isNotEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void after_the_machine_stopped_with_the_store_open_the_index_is_rebuilt() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();

        try (StreamIndex index = StreamIndex.open(folder, log, false)) {
            assertThat(fileKey()).isNotEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void missing_or_garbled_files_are_rebuilt_from_the_log() throws Exception {
        fillIndexed(EVENTS);
        Files.delete(indexFile());
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertEveryStream(index);
        }
        overwrite(indexFile(), 20, 4);
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertEveryStream(index);
        }
        overwrite(folder.resolve(StreamIndex.LINKS_FILE_NAME), 0, 8);
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertEveryStream(index);
        }
        Object file = fileKey();
        overwrite(indexFile(), 40, 8); // the salt the keys are mixed with
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("rebuilt with a new salt").isNotEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void an_index_ahead_of_a_log_that_lost_its_end_is_rebuilt_and_follows_the_log() throws Exception {
        fillIndexed(EVENTS);
        log.close();
        try (FileChannel file = FileChannel.open(folder.resolve(EventLog.FILE_NAME), StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 1);
        }
        log = EventLog.open(folder);
        long kept = EVENTS - BATCH;
        streams.values().forEach(positions -> positions.removeIf(position -> position > kept));
        streams.values().removeIf(List::isEmpty);

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertEveryStream(index);
        }
    }

    @Test
    void a_head_that_points_at_another_streams_event_fails_the_lookup_and_says_how_to_rebuild() throws Exception {
        fillIndexed(EVENTS);
        String first = streamAt(1);
        try (FileChannel file = FileChannel.open(indexFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer slot = ByteBuffer.allocate(24);
            for (long offset = 4_096; offset < file.size(); offset += 24) {
                file.read(slot.clear(), offset);
                if (slot.getLong(16) != 0) {
                    file.write(ByteBuffer.allocate(8).putLong(0, 1), offset + 16);
                }
            }
        }

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            String other = streams.keySet().stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
            assertThatThrownBy(() -> index.head(other)).isInstanceOf(IOException.class)
                    .hasMessageContaining("stream '" + other + "'")
                    .hasMessageContaining("where the log holds another stream's event")
                    .hasMessageContaining("rebuilt from the log when the store is next opened");
        }
    }

    @Test
    void a_store_left_open_when_its_machine_stopped_rebuilds_its_stream_index_on_opening() throws Exception {
        List<RecordedEvent> written;
        try (EventStore store = EventStores.open("h2:" + folder)) {
            for (int i = 0; i < 50; i++) {
                store.append("account-" + i % 7, ExpectedVersion.any(),
                        List.of(NewEvent.of("Deposited.v1", "{}".getBytes(UTF_8))));
            }
            written = store.readStream("account-3");
        }
        Object file = fileKey();
        Files.writeString(folder.resolve(H2OpenMarker.FILE_NAME), "a boot id of another boot");

        try (EventStore store = EventStores.open("h2:" + folder)) {
            assertThat(fileKey()).as("rebuilt, as unforced writes may be lost").isNotEqualTo(file);
            assertThat(store.readStream("account-3")).extracting(RecordedEvent::eventId)
                    .isEqualTo(written.stream().map(RecordedEvent::eventId).toList());
        }
    }

    /** Opens the log and the index, appends events through both and closes the index. */
    private void fillIndexed(int events) throws Exception {
        log = EventLog.open(folder);
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            append(events, index);
        }
    }

    /**
     * Appends events of streams of very different lengths, some several times in one record, one record per
     * {@link #BATCH}, and gives them to the index unless it is null.
     */
    private void append(int events, StreamIndex index) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (int done = 0; done < events; done += BATCH) {
            List<EventRow> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, events - done); i++) {
                long position = log.lastPosition() + 1 + i;
                String stream = random.nextInt(4) == 0 ? "hot-" + random.nextInt(3) : "stream-" + random.nextInt(400);
                List<Long> positions = streams.computeIfAbsent(stream, id -> new ArrayList<>());
                batch.add(new EventRow(position, stream, positions.size(), UUID.randomUUID(), "Indexed.v1",
                        "{}".getBytes(UTF_8), null, now));
                positions.add(position);
            }
            log.append(batch);
            log.committed();
            if (index != null) {
                index.added(batch);
            }
        }
    }

    private void assertEveryStream(StreamIndex index) throws IOException {
        for (Map.Entry<String, List<Long>> stream : streams.entrySet()) {
            List<Long> positions = stream.getValue();
            StreamIndex.Head head = index.head(stream.getKey());
            assertThat(head).as(stream.getKey())
                    .isEqualTo(new StreamIndex.Head(positions.get(positions.size() - 1), positions.size() - 1));
            long at = head.position();
            for (int version = positions.size() - 1; version >= 0; version--) {
                assertThat(at).as("version %d of %s", version, stream.getKey()).isEqualTo(positions.get(version));
                at = index.previous(at);
            }
            assertThat(at).as("no link before version 0").isZero();
        }
    }

    private String streamAt(long position) {
        return streams.entrySet().stream().filter(s -> s.getValue().contains(position)).findFirst().orElseThrow()
                .getKey();
    }

    /** Writes another saved position into the closed index's header, as a crash before the header's update would. */
    private void setSavedPosition(long position) throws IOException {
        try (FileChannel file = FileChannel.open(indexFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(32);
            file.read(header, 0);
            header.putLong(24, position);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, 32);
            file.write(header.flip(), 0);
            file.write(ByteBuffer.allocate(4).putInt(0, (int) crc.getValue()), 32);
        }
    }

    private static void overwrite(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[length];
            new Random(3).nextBytes(garbage);
            channel.write(ByteBuffer.wrap(garbage), offset);
        }
    }

    private Path indexFile() {
        return folder.resolve(StreamIndex.FILE_NAME);
    }

    private Object fileKey() throws IOException {
        return Files.readAttributes(indexFile(), BasicFileAttributes.class).fileKey();
    }
}
