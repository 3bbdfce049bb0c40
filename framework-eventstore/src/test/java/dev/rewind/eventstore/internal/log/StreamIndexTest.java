package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.mapped.HashTableFile;
import dev.rewind.eventstore.internal.mapped.MappedHashTable;
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
        // every head at position 1, in slots that pass their checks, as only a bug or a shared hash could make them
        List<long[]> keys = new ArrayList<>();
        HashTableFile.editTakenSlots(indexFile(), slot -> {
            keys.add(new long[] {slot.getLong(0), slot.getLong(8)});
            return false;
        });
        long magic;
        try (FileChannel file = FileChannel.open(indexFile(), StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(8);
            file.read(header, 0);
            magic = header.getLong(0);
        }
        MappedHashTable heads = MappedHashTable.load(indexFile(), magic, log.lastPosition()).table();
        for (long[] key : keys) {
            heads.put(key[0], key[1], 1);
        }
        heads.save(heads.savedPosition(), true);

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
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (int i = 0; i < 50; i++) {
                store.append("account-" + i % 7, ExpectedVersion.any(),
                        List.of(NewEvent.of("Deposited.v1", "{}".getBytes(UTF_8))));
            }
            written = store.readStream("account-3");
        }
        Object file = fileKey();
        Files.writeString(folder.resolve(OpenMarker.FILE_NAME), "a boot id of another boot");

        try (EventStore store = EventStores.open("embedded:" + folder)) {
            assertThat(fileKey()).as("rebuilt, as unforced writes may be lost").isNotEqualTo(file);
            assertThat(store.readStream("account-3")).extracting(RecordedEvent::eventId)
                    .isEqualTo(written.stream().map(RecordedEvent::eventId).toList());
        }
    }

    @Test
    void a_store_whose_stream_heads_were_zeroed_rebuilds_them_and_refuses_to_open_a_stream_again() throws Exception {
        Map<String, List<RecordedEvent>> written = fillStore();
        assertThat(HashTableFile.zeroTakenSlots(indexFile())).isEqualTo(7);

        assertStoreRebuiltItsHeads(written);
    }

    @Test
    void a_store_whose_stream_head_keys_were_garbled_rebuilds_them_and_refuses_to_open_a_stream_again()
            throws Exception {
        Map<String, List<RecordedEvent>> written = fillStore();
        assertThat(HashTableFile.flipKeyOfTakenSlots(indexFile())).isEqualTo(7);

        assertStoreRebuiltItsHeads(written);
    }

    @Test
    void a_header_count_behind_its_slots_by_no_more_than_the_positions_after_it_is_kept() throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();
        long saved = EVENTS - 1_234;
        // as kill -9 leaves it: slots of streams begun after the header's position, which the count lacks
        setSavedPosition(saved, streams.values().stream().filter(positions -> positions.get(0) <= saved).count());

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("checked against the log and kept").isEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void a_header_count_behind_its_slots_by_more_than_the_positions_after_it_has_the_index_rebuilt()
            throws Exception {
        fillIndexed(EVENTS);
        Object file = fileKey();
        setSavedPosition(EVENTS - 3, streams.size() - 4);

        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            assertThat(fileKey()).as("a rebuilt file").isNotEqualTo(file);
            assertEveryStream(index);
        }
    }

    @Test
    void a_head_damaged_while_the_index_is_open_fails_the_lookup_and_says_the_store_rebuilds_it() throws Exception {
        fillIndexed(EVENTS);
        try (StreamIndex index = StreamIndex.open(folder, log, true)) {
            HashTableFile.flipKeyOfTakenSlots(indexFile());

            String stream = streams.keySet().iterator().next();
            assertThatThrownBy(() -> index.head(stream)).isInstanceOf(IOException.class)
                    .hasMessageContaining(indexFile().toString()).hasMessageContaining("fails its check")
                    .hasMessageContaining("rebuilds it from the event log");
        }
    }

    /** Appends about 3,000 events to 7 streams of an embedded store and closes it; returns each stream's events. */
    private Map<String, List<RecordedEvent>> fillStore() {
        Map<String, List<RecordedEvent>> written = new HashMap<>();
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (int i = 0; i < 100; i++) {
                List<NewEvent> batch = new ArrayList<>();
                for (int n = 0; n < 30; n++) {
                    batch.add(NewEvent.of("Deposited.v1", ("{\"n\":" + n + "}").getBytes(UTF_8)));
                }
                store.append("s-" + i % 7, ExpectedVersion.any(), batch);
            }
            for (int s = 0; s < 7; s++) {
                written.put("s-" + s, store.readStream("s-" + s));
            }
        }
        return written;
    }

    /** The reopened store has every stream's events and refuses to begin a stream that exists. */
    private void assertStoreRebuiltItsHeads(Map<String, List<RecordedEvent>> written) {
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (Map.Entry<String, List<RecordedEvent>> stream : written.entrySet()) {
                assertThat(store.readStream(stream.getKey())).as(stream.getKey()).extracting(RecordedEvent::eventId)
                        .isEqualTo(stream.getValue().stream().map(RecordedEvent::eventId).toList());
            }
            assertThatThrownBy(() -> store.append("s-0", ExpectedVersion.noStream(),
                    List.of(NewEvent.of("AccountOpened.v1", "{}".getBytes(UTF_8)))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(store.headPosition()).isEqualTo(3_000);
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
        setSavedPosition(position, -1);
    }

    /** The same, and another count of keys unless {@code keys} is negative. */
    private void setSavedPosition(long position, long keys) throws IOException {
        try (FileChannel file = FileChannel.open(indexFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(32);
            file.read(header, 0);
            header.putLong(24, position);
            if (keys >= 0) {
                header.putLong(16, keys);
            }
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
