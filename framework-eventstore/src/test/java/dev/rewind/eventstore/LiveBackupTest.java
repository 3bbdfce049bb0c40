package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup procedure docs/eventstore.md gives: copy {@code rewind-events.log} while the store runs, and open the
 * copy in an empty folder. The copy holds a prefix of the log (perhaps ending in part of a record, which opening
 * cuts off); everything else is rebuilt from it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveBackupTest {

    @Test
    void a_copy_of_the_log_taken_while_appends_run_opens_as_a_prefix_of_the_store(@TempDir Path live,
            @TempDir Path restored) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (EventStore store = EventStores.open("embedded:" + live)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                running.add(writers.submit(() -> {
                    for (int i = 0; writing.get() || i < 200; i++) {
                        store.append("backup-" + thread, ExpectedVersion.any(), List.of(NewEvent.of("Backup.v1",
                                ("{\"t\":" + thread + ",\"i\":" + i + ",\"pad\":\"" + "p".repeat(i % 300) + "\"}")
                                        .getBytes(UTF_8))));
                    }
                    return null;
                }));
            }
            waitForHead(store, 2_000);
            // when: the log is copied while the appends go on
            Files.copy(live.resolve("rewind-events.log"), restored.resolve("rewind-events.log"));
            // appends go on after the copy, so the copy must be a strict prefix
            waitForHead(store, store.headPosition() + 1_000);
            writing.set(false);
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
            // then: the copy opens alone and holds exactly the store's first events
            try (EventStore copy = EventStores.open("embedded:" + restored)) {
                long head = copy.headPosition();
                assertThat(head).isGreaterThanOrEqualTo(2_000).isLessThan(store.headPosition());
                List<RecordedEvent> copied = copy.readAll(1, (int) head + 1, EventFilter.all());
                assertThat(copied).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(store.readAll(1, (int) head, EventFilter.all()));
                for (int t = 0; t < 3; t++) {
                    assertThat(copy.readStream("backup-" + t)).usingRecursiveFieldByFieldElementComparator()
                            .isEqualTo(store.readStream("backup-" + t).stream()
                                    .filter(event -> event.globalPosition() <= head).toList());
                }
            }
        } finally {
            writing.set(false);
            writers.shutdownNow();
        }
    }

    /** Waits, woken by each commit, until the head reaches {@code position}; fails after 60 s. */
    private static void waitForHead(EventStore store, long position) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        try (CommitSignal.Registration ignored = store.onCommit(() -> {
            if (store.headPosition() >= position) {
                reached.countDown();
            }
        }).orElseThrow()) {
            if (store.headPosition() < position) {
                assertThat(reached.await(60, TimeUnit.SECONDS)).as("head reaches " + position + " within 60 s")
                        .isTrue();
            }
        }
    }
}
