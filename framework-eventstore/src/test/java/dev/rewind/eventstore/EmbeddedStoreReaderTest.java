package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddedStoreReaderTest {

    @TempDir
    Path folder;

    @Test
    void it_reads_the_whole_records_and_takes_a_record_cut_short_for_the_end_until_it_is_whole() throws Exception {
        // given: 20 events, then the first half of the next record written as a crash or a running writer leaves it
        List<RecordedEvent> stored;
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            for (int i = 0; i < 21; i++) {
                store.append("reader-" + (i % 2), ExpectedVersion.any(),
                        List.of(NewEvent.of("Read.v1", ("{\"i\":" + i + "}").getBytes(UTF_8))));
            }
            stored = store.readAll(1, 100);
        }
        Path log = folder.resolve("rewind-events.log");
        byte[] whole = Files.readAllBytes(log);
        int lastRecord = whole.length - recordLength(whole);
        Files.write(log, Arrays.copyOf(whole, lastRecord + (whole.length - lastRecord) / 2));
        try (EmbeddedStoreReader reader = EmbeddedStoreReader.open(folder)) {
            // then
            assertThat(reader.headPosition()).isEqualTo(20);
            assertThat(reader.readAll(1, 100, EventFilter.all())).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(stored.subList(0, 20));
            assertThat(reader.readAll(15, 3, EventFilter.all())).extracting(RecordedEvent::globalPosition)
                    .containsExactly(15L, 16L, 17L);
            // when: the rest of the record arrives
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(whole, (int) channel.size(), whole.length - (int) channel.size()),
                        channel.size());
            }
            assertThat(reader.headPosition()).isEqualTo(21);
            assertThat(reader.readAll(21, 10, EventFilter.all())).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(stored.get(20));
        }
        assertThat(EmbeddedStoreReader.inUse(folder)).isFalse();
    }

    @Test
    void a_folder_without_a_log_is_refused_with_what_to_name() {
        assertThatThrownBy(() -> EmbeddedStoreReader.open(folder)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("There is no event log").hasMessageContaining("embedded:<folder>");
    }

    /** The length of the file's last record, from its trailing length. */
    private static int recordLength(byte[] log) {
        return ByteBuffer.wrap(log, log.length - 4, 4).getInt() + 12;
    }
}
