package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.spi.Snapshot;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.EmbeddedStoreCheck;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.LogReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What opening does with what a crash or a power loss leaves in the event log, and the repair an operator runs for
 * damage inside it: a tail that holds no whole record is cut off into the quarantine folder (never deleted), a
 * zero-filled stretch after a machine stop is what lost writes leave, and H2's checkpoints and snapshots never stay
 * ahead of the log.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LogRecoveryOnOpeningTest {

    @TempDir
    Path folder;
    private List<RecordedEvent> written;

    @BeforeEach
    void writeStore() {
        written = DamagedStoreFiles.write(folder);
    }

    @Test
    void a_torn_tail_is_cut_off_into_the_quarantine_folder_byte_for_byte() throws Exception {
        byte[] before = Files.readAllBytes(logFile());
        DamagedStoreFiles.cut(logFile(), 3);

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            long kept = Files.size(logFile());
            assertThat(quarantined()).hasSize(1);
            byte[] cut = Files.readAllBytes(quarantined().get(0));
            assertThat(cut).isEqualTo(Arrays.copyOfRange(before, (int) kept, before.length - 3));
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(written.subList(0, (int) store.headPosition()));
        }
    }

    @Test
    void space_written_ahead_of_the_records_is_neither_damage_nor_cut_into_quarantine() throws Exception {
        // what a store in the disk mode leaves when its process is killed: zeros after the last record
        long size = Files.size(logFile());
        Files.write(logFile(), new byte[3 << 20], java.nio.file.StandardOpenOption.APPEND);

        assertThat(EmbeddedStoreCheck.verify(folder).isIntact()).isTrue();
        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
            assertThat(store.append("s-new", ExpectedVersion.noStream(), List.of(event("after"))).firstPosition())
                    .isEqualTo(DamagedStoreFiles.EVENTS + 1);
        }
        assertThat(folder.resolve(LogQuarantine.FOLDER)).doesNotExist();
        assertThat(Files.size(logFile())).as("a clean close ends the file at its last record")
                .isGreaterThan(size).isLessThan(size + 1_000);
    }

    @Test
    void a_zero_filled_tail_after_a_machine_stop_is_cut_off_and_the_store_goes_on() throws Exception {
        long size = Files.size(logFile());
        DamagedStoreFiles.overwrite(logFile(), size - 5_000, new byte[5_000]);
        leftOpenOnAnotherBoot();

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            long head = store.headPosition();
            assertThat(head).isBetween(DamagedStoreFiles.EVENTS - 200L, DamagedStoreFiles.EVENTS - 1L);
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written.subList(0, (int) head));
            assertThat(quarantined()).hasSize(1);
            AppendResult next = store.append("s-new", ExpectedVersion.noStream(), List.of(event("after")));
            assertThat(next.firstPosition()).isEqualTo(head + 1);
        }
    }

    @Test
    void a_zero_filled_stretch_with_whole_records_after_it_is_cut_there_only_in_process_mode_after_a_machine_stop()
            throws Exception {
        long size = Files.size(logFile());
        // a lost page of the operating system's cache: 4 KiB, aligned
        DamagedStoreFiles.overwrite(logFile(), size / 2 / 4_096 * 4_096, new byte[4_096]);
        leftOpenOnAnotherBoot();

        // the disk mode promises the events after the stretch: refused, nothing changed
        assertThatThrownBy(() -> DamagedStoreFiles.open(folder)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("whole records follow it").hasMessageContaining("EmbeddedStoreCheck.repair(");
        assertThat(Files.size(logFile())).isEqualTo(size);
        // the process mode does not: lost writes, cut off with what follows them
        try (EventStore store = EventStores.open("embedded:" + folder + "?durability=process")) {
            long head = store.headPosition();
            assertThat(head).isBetween(DamagedStoreFiles.EVENTS / 2 - 200L, DamagedStoreFiles.EVENTS / 2L + 10);
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written.subList(0, (int) head));
            assertThat(Files.size(quarantined().get(0))).isEqualTo(size - Files.size(logFile()));
        }
    }

    @Test
    void a_zero_filled_header_is_written_again_and_every_event_is_kept() throws Exception {
        DamagedStoreFiles.overwrite(logFile(), 0, new byte[8]);

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written);
        }
    }

    @Test
    void a_log_zero_filled_from_its_start_after_a_machine_stop_opens_empty()
            throws Exception {
        long size = Files.size(logFile());
        DamagedStoreFiles.overwrite(logFile(), 0, new byte[(int) size]);
        leftOpenOnAnotherBoot();

        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThat(store.headPosition()).isZero();
            assertThat(store.readStream("s-0")).isEmpty();
            assertThat(folder.resolve(LogQuarantine.FOLDER)).as("zeros hold nothing to keep").doesNotExist();
        }
    }

    @Test
    void verify_reports_every_damaged_range_and_repair_keeps_the_intact_events_with_consent() throws Exception {
        long size = Files.size(logFile());
        DamagedStoreFiles.overwrite(logFile(), size / 3, DamagedStoreFiles.garbage(16, 1));
        DamagedStoreFiles.overwrite(logFile(), 2 * size / 3, DamagedStoreFiles.garbage(16, 2));

        LogReport report = EmbeddedStoreCheck.verify(folder);

        assertThat(report.damaged()).hasSize(2);
        assertThat(report.damaged().get(0).fromByte()).isLessThanOrEqualTo(size / 3);
        assertThat(report.damaged().get(1).toByte()).isGreaterThan(2 * size / 3);
        long intact = report.intactPosition();
        assertThat(written.get((int) intact).globalPosition()).isEqualTo(intact + 1);
        assertThat(report.toString()).contains("2 damaged range(s)", "intact up to position " + intact);
        assertThat(Files.size(logFile())).as("verify changes nothing").isEqualTo(size);
        assertThatThrownBy(() -> EmbeddedStoreCheck.repair(folder, intact + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass " + intact);

        LogReport repaired = EmbeddedStoreCheck.repair(folder, intact);

        assertThat(repaired.isIntact()).isTrue();
        assertThat(repaired.intactPosition()).isEqualTo(intact);
        assertThat(Files.size(quarantined().get(0))).isEqualTo(size - Files.size(logFile()));
        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThat(store.readAll(1, DamagedStoreFiles.EVENTS, EventFilter.all()))
                    .usingRecursiveFieldByFieldElementComparator().isEqualTo(written.subList(0, (int) intact));
            // the indexes were rebuilt from the repaired log: a stream that still exists is not new
            assertThatThrownBy(() -> store.append(written.get(0).streamId(), ExpectedVersion.noStream(),
                    List.of(event("again")))).isInstanceOf(WrongExpectedVersionException.class);
            assertThat(store.append("s-new", ExpectedVersion.noStream(), List.of(event("after"))).firstPosition())
                    .isEqualTo(intact + 1);
        }
    }

    @Test
    void verify_and_repair_refuse_a_store_in_use_and_a_folder_without_a_log(@TempDir Path empty) {
        try (EventStore store = DamagedStoreFiles.open(folder)) {
            assertThatThrownBy(() -> EmbeddedStoreCheck.verify(folder)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("is in use").hasMessageContaining("close the store first");
            assertThat(store.headPosition()).isEqualTo(DamagedStoreFiles.EVENTS);
        }
        assertThatThrownBy(() -> EmbeddedStoreCheck.repair(empty, 0)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("There is no event log");
        assertThat(EmbeddedStoreCheck.verify(folder).isIntact()).isTrue();
    }

    @Test
    void checkpoints_and_snapshots_past_the_log_are_set_back_on_opening() throws Exception {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder)) {
            backend.checkpoints().save("transfers", DamagedStoreFiles.EVENTS);
            backend.checkpoints().save("behind", 10);
            backend.snapshots().save(new Snapshot("s-0", 10_000, "{}".getBytes(UTF_8)));
            backend.snapshots().save(new Snapshot("s-1", 0, "{}".getBytes(UTF_8)));
        }
        DamagedStoreFiles.overwrite(logFile(), Files.size(logFile()) - 2_000, new byte[2_000]);
        leftOpenOnAnotherBoot();

        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder)) {
            long head = backend.store().headPosition();
            assertThat(head).isLessThan(DamagedStoreFiles.EVENTS);
            assertThat(backend.checkpoints().load("transfers")).isEqualTo(head);
            assertThat(backend.checkpoints().load("behind")).isEqualTo(10);
            assertThat(backend.snapshots().load("s-0")).isEmpty();
            assertThat(backend.snapshots().load("s-1")).isPresent();
        }
    }

    /** Leaves the marker of a store that was open when the machine stopped (another boot id). */
    private void leftOpenOnAnotherBoot() throws IOException {
        Files.writeString(folder.resolve(OpenMarker.FILE_NAME), "00000000-0000-0000-0000-000000000000");
    }

    private List<Path> quarantined() throws IOException {
        try (Stream<Path> files = Files.list(folder.resolve(LogQuarantine.FOLDER))) {
            return files.sorted().toList();
        }
    }

    private Path logFile() {
        return folder.resolve(EventLog.FILE_NAME);
    }

    private static NewEvent event(String text) {
        return NewEvent.of("Damage.v1", ("{\"t\":\"" + text + "\"}").getBytes(UTF_8));
    }
}
