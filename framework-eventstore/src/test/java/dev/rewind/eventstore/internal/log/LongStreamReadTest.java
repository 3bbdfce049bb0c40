package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.internal.append.EventRow;
import java.nio.file.Path;
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
 * Reads of a stream too long for {@link StreamPositions}, on a real event log: paged from the start, at random
 * ranges, and while the stream grows, every read returns exactly the stream's events, whether it starts at the head
 * or at a {@link StreamAnchors} shortcut.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LongStreamReadTest {

    private static final String LONG = "long-stream";

    @TempDir
    Path folder;

    private EventLog log;
    private StreamIndex index;
    private LogStreamReader reader;
    /** The long stream's event ids, in version order. */
    private final List<UUID> written = new ArrayList<>();
    private long otherEvents;

    @AfterEach
    void close() {
        index.close();
        log.close();
    }

    @Test
    void a_long_stream_read_page_by_page_from_the_start_holds_each_event_once_in_order() throws Exception {
        open();
        append(3 * StreamAnchors.STEP + 777);

        List<UUID> read = new ArrayList<>();
        for (long from = 0; from < written.size(); from += 700) {
            List<RecordedEvent> page = reader.read(LONG, from, 700);
            assertPage(page, from, Math.min(700, written.size() - from));
            page.forEach(event -> read.add(event.eventId()));
        }
        assertThat(read).isEqualTo(written);
        assertThat(reader.read(LONG, written.size(), 10)).isEmpty();
    }

    @Test
    void random_ranges_of_a_growing_long_stream_hold_exactly_its_events() throws Exception {
        open();
        Random random = new Random(11);
        append(2 * StreamAnchors.STEP + 5);
        for (int round = 0; round < 6; round++) {
            for (int read = 0; read < 40; read++) {
                long from = random.nextInt(written.size() + 3);
                int max = 1 + random.nextInt(3_000);
                assertPage(reader.read(LONG, from, max), from, Math.max(0, Math.min(max, written.size() - from)));
            }
            append(StreamAnchors.STEP / 2 + random.nextInt(StreamAnchors.STEP));
        }
    }

    private void open() {
        log = EventLog.open(folder);
        index = StreamIndex.open(folder, log, true);
        // a budget of 64 positions keeps no stream longer than 16 events: every read here follows links
        reader = new LogStreamReader(log, index, new StreamPositions(64));
    }

    private void assertPage(List<RecordedEvent> page, long from, long expected) {
        assertThat(page).as("read from version %d", from).hasSize((int) expected);
        for (int i = 0; i < page.size(); i++) {
            RecordedEvent event = page.get(i);
            assertThat(event.streamVersion()).isEqualTo(from + i);
            assertThat(event.eventId()).as("version %d", from + i).isEqualTo(written.get((int) (from + i)));
        }
    }

    /** Appends events of the long stream, each record also holding an event of another stream. */
    private void append(int events) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        for (int done = 0; done < events; done += 250) {
            List<EventRow> rows = new ArrayList<>();
            for (int i = 0; i < Math.min(250, events - done); i++) {
                UUID id = UUID.randomUUID();
                rows.add(new EventRow(log.lastPosition() + rows.size() + 1, LONG, written.size(), id, "Long.v1",
                        "{}".getBytes(UTF_8), null, now));
                written.add(id);
            }
            rows.add(new EventRow(log.lastPosition() + rows.size() + 1, "other-" + otherEvents, 0, UUID.randomUUID(),
                    "Other.v1", "{}".getBytes(UTF_8), null, now));
            otherEvents++;
            log.append(rows);
            log.committed();
            index.added(rows);
        }
    }
}
