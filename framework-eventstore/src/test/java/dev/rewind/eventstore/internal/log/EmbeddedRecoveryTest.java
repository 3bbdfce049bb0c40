package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.StoreConfig;
import dev.rewind.eventstore.internal.h2.H2Damage;
import dev.rewind.eventstore.internal.h2.H2FileDamagedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an embedded store checks its H2 database against its event log: a damaged H2 file is moved aside and
 * rebuilt, and a store whose log is missing is refused. Each case changes the real files between two openings, the
 * way a crash would have left them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddedRecoveryTest {

    private static final int EVENTS = 2_500;

    @TempDir
    Path folder;

    @Test
    void an_h2_file_a_crash_left_unreadable_is_moved_aside_and_rebuilt() throws Exception {
        List<RecordedEvent> written = fill();
        Path file = folder.resolve("rewind.mv.db");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] garbage = new byte[(int) Math.min(Files.size(file), 64 * 1024)];
            Arrays.fill(garbage, (byte) 0x5A);
            channel.write(ByteBuffer.wrap(garbage), 0);
        }

        try (EventStore store = open()) {
            assertSameEvents(store.readAll(1, EVENTS + 1, EventFilter.all()), written);
            assertSameEvents(store.readStream("stream-3"), written.stream()
                    .filter(event -> event.streamId().equals("stream-3")).toList());
        }
        assertThat(damagedFiles()).hasSize(1);
    }

    @Test
    void a_store_whose_log_was_removed_is_refused_and_its_h2_file_left_where_it_is() throws Exception {
        fill();
        Files.delete(folder.resolve(EventLog.FILE_NAME));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(this::open).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("The event log rewind-events.log is missing")
                    .hasMessageContaining("Restore the log");
        }
        assertThat(damagedFiles()).isEmpty();
        assertThat(folder.resolve(EventLog.FILE_NAME)).as("no empty log left to be taken for the store's")
                .doesNotExist();
    }

    @Test
    void a_log_that_lost_its_end_is_served_as_it_is_and_its_indexes_follow_it() throws Exception {
        List<RecordedEvent> written = fill();
        try (FileChannel log = FileChannel.open(folder.resolve(EventLog.FILE_NAME), StandardOpenOption.WRITE)) {
            log.truncate(log.size() - 1);
        }

        try (EventStore store = open()) {
            List<RecordedEvent> kept = written.subList(0, EVENTS - 50);
            assertThat(store.headPosition()).isEqualTo(EVENTS - 50);
            assertSameEvents(store.readAll(1, EVENTS + 1, EventFilter.all()), kept);
            RecordedEvent lost = written.get(EVENTS - 1);
            assertSameEvents(store.readStream(lost.streamId()), kept.stream()
                    .filter(event -> event.streamId().equals(lost.streamId())).toList());
            long version = store.readStream(lost.streamId()).size() - 1;
            assertThat(store.append(lost.streamId(), ExpectedVersion.exactly(version), List.of(event(-1)))
                    .firstPosition()).isEqualTo(EVENTS - 49);
        }
        assertThat(damagedFiles()).isEmpty();
    }

    @Test
    void an_h2_file_locked_by_another_program_is_refused_and_left_where_it_is() throws Exception {
        List<RecordedEvent> written = fill();
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), H2FileHolder.class.getName(),
                StoreConfig.parse("embedded:" + folder).jdbcUrl()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8))) {
            assertThat(out.readLine()).as("the holder's first line").isEqualTo("READY");
            assertThatThrownBy(this::open).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("The file is locked").hasMessageContaining("no other program");
            assertThat(damagedFiles()).isEmpty();
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (EventStore store = open()) {
            assertSameEvents(store.readAll(1, EVENTS + 1, EventFilter.all()), written);
        }
    }

    @Test
    void only_h2_storage_errors_of_a_damaged_file_count_as_damage() {
        assertThat(H2Damage.isDamage(new EventStoreException("open failed", new SQLException("general error", "HY000",
                50000, new MVStoreException(DataUtils.ERROR_CHUNK_NOT_FOUND, "Chunk 3 not found"))))).isTrue();
        assertThat(H2Damage.isDamage(new H2FileDamagedException("head differs"))).isTrue();
        assertThat(H2Damage.isDamage(new SQLException("corrupted", "XX000", 90030))).isTrue();
        assertThat(H2Damage.isDamage(new SQLException("in use", "90020", 90020,
                new MVStoreException(DataUtils.ERROR_FILE_LOCKED, "The file is locked")))).isFalse();
        assertThat(H2Damage.isDamage(new SQLException("disk", "HY000", 50000,
                new MVStoreException(DataUtils.ERROR_WRITING_FAILED, "No space left")))).isFalse();
        assertThat(H2Damage.isDamage(new SQLException("connection refused"))).isFalse();
    }

    private List<RecordedEvent> fill() {
        try (EventStore store = open()) {
            for (int i = 0; i < EVENTS; i += 50) {
                List<NewEvent> batch = Stream.iterate(i, n -> n + 1).limit(50).map(EmbeddedRecoveryTest::event)
                        .toList();
                store.append("stream-" + i % 7, ExpectedVersion.any(), batch);
            }
            return store.readAll(1, EVENTS + 1, EventFilter.all());
        }
    }

    private static NewEvent event(int n) {
        return NewEvent.of("Filled.v1", ("{\"n\":" + n + "}").getBytes(UTF_8));
    }

    private static void assertSameEvents(List<RecordedEvent> actual, List<RecordedEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RecordedEvent a = actual.get(i);
            RecordedEvent e = expected.get(i);
            assertThat(a.eventId()).as("event at position " + e.globalPosition()).isEqualTo(e.eventId());
            assertThat(a.globalPosition()).isEqualTo(e.globalPosition());
            assertThat(a.streamId()).isEqualTo(e.streamId());
            assertThat(a.streamVersion()).isEqualTo(e.streamVersion());
            assertThat(a.type()).isEqualTo(e.type());
            assertThat(a.data()).isEqualTo(e.data());
            assertThat(a.metadata()).isEqualTo(e.metadata());
            assertThat(a.recordedAt()).isEqualTo(e.recordedAt());
        }
    }

    private EventStore open() {
        return EventStores.open("embedded:" + folder);
    }

    private EventStoreBackend backend() {
        return EventStores.openBackend("embedded:" + folder);
    }

    /** Changes the closed store's H2 file directly, as a crash might have left it. */
    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(StoreConfig.parse("embedded:" + folder).jdbcUrl(), "sa", "");
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private List<Path> damagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("rewind.mv.db.damaged-")).toList();
        }
    }
}
