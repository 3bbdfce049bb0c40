package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddedBackupTest {

    @Test
    @Timeout(180)
    void a_backup_of_a_store_another_process_appends_to_holds_every_event_acknowledged_before_it_began(
            @TempDir Path live, @TempDir Path backups, @TempDir Path logs) throws Exception {
        // given: a child process appending to the store from three threads, printing each acknowledgement
        File stderr = logs.resolve("child.err").toFile();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashingAppender.class.getName(), "embedded:" + live).redirectError(stderr).start();
        List<CrashTester.Ack> acks = new ArrayList<>();
        Thread reading = new Thread(() -> readAcks(child, acks), "acks");
        reading.start();
        Path backup = backups.resolve("backup");
        BackupReport report;
        List<CrashTester.Ack> before;
        try {
            awaitAcks(acks, 2_000, child, stderr);
            // when: it is backed up while the appends go on
            synchronized (acks) {
                before = List.copyOf(acks);
            }
            report = EmbeddedBackup.copy(live, backup);
            int atEnd = size(acks);
            awaitAcks(acks, atEnd + 500, child, stderr);
        } finally {
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reading.join(30_000);
        }
        // then: the backup says the store was open, holds the log alone, and opens with every acknowledged event
        assertThat(report.storeWasOpen()).isTrue();
        assertThat(report.files()).containsExactly(backup.resolve("rewind-events.log"));
        long lastAcked = before.stream().mapToLong(CrashTester.Ack::position).max().orElseThrow();
        assertThat(report.lastPosition()).isGreaterThanOrEqualTo(lastAcked);
        assertThat(Files.size(backup.resolve("rewind-events.log"))).isEqualTo(report.logBytes());
        try (EventStore copy = EventStores.open("embedded:" + backup)) {
            assertThat(copy.headPosition()).isEqualTo(report.lastPosition());
            CrashTester.verify(copy, before);
        }
        // and it was a backup of a store that went on: later acknowledgements lie past its end
        assertThat(size(acks)).isGreaterThan(before.size() + 500);
        System.out.println("Live backup: " + before.size() + " events acknowledged before it began, backup holds 1.."
                + report.lastPosition() + ", " + size(acks) + " acknowledged in all");
    }

    @Test
    void a_backup_of_a_closed_store_holds_its_read_side_too_and_restores_into_a_new_folder(@TempDir Path store,
            @TempDir Path backups) {
        // given: a closed store with events and a checkpoint
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + store)) {
            for (int i = 0; i < 50; i++) {
                backend.store().append("closed-" + (i % 5), ExpectedVersion.any(),
                        List.of(NewEvent.of("Closed.v1", ("{\"i\":" + i + "}").getBytes(UTF_8))));
            }
            backend.checkpoints().save("balances", 42);
        }
        Path backup = backups.resolve("b");
        // when
        BackupReport report = EmbeddedBackup.copy(store, backup);
        Path restored = backups.resolve("restored");
        LogReport restoredLog = EmbeddedBackup.restore(backup, restored);
        // then
        assertThat(report.storeWasOpen()).isFalse();
        assertThat(report.lastPosition()).isEqualTo(50);
        assertThat(report.files()).contains(backup.resolve("rewind-events.log"), backup.resolve("rewind.mv.db"));
        assertThat(restoredLog.isIntact()).isTrue();
        assertThat(restoredLog.intactPosition()).isEqualTo(50);
        try (EventStoreBackend original = EventStores.openBackend("embedded:" + store);
                EventStoreBackend copy = EventStores.openBackend("embedded:" + restored)) {
            assertThat(copy.store().readAll(1, 100)).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(original.store().readAll(1, 100));
            assertThat(copy.checkpoints().load("balances")).isEqualTo(42);
        }
    }

    @Test
    void a_backup_into_a_folder_that_is_not_empty_or_a_restore_over_a_store_is_refused(@TempDir Path store,
            @TempDir Path other) throws Exception {
        try (EventStore opened = EventStores.open("embedded:" + store)) {
            opened.append("s", ExpectedVersion.any(), List.of(NewEvent.of("T.v1", new byte[] {1})));
        }
        Files.writeString(other.resolve("something"), "x");
        assertThatThrownBy(() -> EmbeddedBackup.copy(store, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty");
        Path backup = other.resolve("b");
        EmbeddedBackup.copy(store, backup);
        assertThatThrownBy(() -> EmbeddedBackup.restore(backup, store)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a store already");
    }

    private static void readAcks(Process child, List<CrashTester.Ack> acks) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (acks) {
                    CrashTester.parse(line, acks);
                    acks.notifyAll();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading the child's acknowledgements", e);
        }
    }

    private static int size(List<CrashTester.Ack> acks) {
        synchronized (acks) {
            return acks.size();
        }
    }

    /** Waits, woken by each line, until the child acknowledged {@code count} events; fails after 90 s. */
    private static void awaitAcks(List<CrashTester.Ack> acks, int count, Process child, File stderr)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        synchronized (acks) {
            while (acks.size() < count && System.nanoTime() < deadline && child.isAlive()) {
                acks.wait(1_000);
            }
            assertThat(acks.size()).as("acknowledgements of the child (stderr: %s)", Files.readString(
                    stderr.toPath())).isGreaterThanOrEqualTo(count);
        }
    }
}
