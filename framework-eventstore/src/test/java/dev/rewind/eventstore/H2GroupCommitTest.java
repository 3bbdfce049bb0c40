package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many appenders at once, so the writer commits groups: refused appends (stale versions, partial duplicates) and
 * idempotent re-sends in a group never fail or change the good appends beside them.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class H2GroupCommitTest {

    @TempDir
    Path folder;

    private static List<NewEvent> events(int count, String tag) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("Tagged.v1", ("{\"tag\":\"" + tag + "\",\"i\":" + i + "}").getBytes(UTF_8)));
        }
        return events;
    }

    @Test
    void good_bad_and_repeated_appends_in_the_same_groups_each_get_their_own_outcome() throws Exception {
        int threads = 8;
        int rounds = 60;
        try (EventStore store = EventStores.open("h2:" + folder)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> written = new ArrayList<>();
            // when: each thread appends to its own stream, and after every good append also re-sends it, sends a
            // stale version and a partial duplicate; all threads at once
            for (int t = 0; t < threads; t++) {
                String stream = "group-" + t;
                written.add(pool.submit(() -> {
                    start.await();
                    long events = 0;
                    for (int round = 0; round < rounds; round++) {
                        List<NewEvent> batch = events(1 + round % 3, stream + "-" + round);
                        ExpectedVersion expected = ExpectedVersion.exactly(events - 1);
                        AppendResult result = store.append(stream, expected, batch);
                        assertThat(result.firstVersion()).isEqualTo(events);
                        events += batch.size();
                        assertThat(store.append(stream, expected, batch)).isEqualTo(result);
                        assertThatThrownBy(() -> store.append(stream, expected, events(1, "stale")))
                                .isInstanceOf(WrongExpectedVersionException.class);
                        List<NewEvent> overlap = List.of(events(1, "new").get(0), batch.get(0));
                        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.any(), overlap))
                                .isInstanceOf(DuplicateEventIdException.class);
                    }
                    return events;
                }));
            }
            start.countDown();
            long total = 0;
            for (Future<Long> future : written) {
                total += future.get(100, TimeUnit.SECONDS);
            }
            pool.shutdown();
            // then
            assertThat(store.headPosition()).isEqualTo(total);
            List<RecordedEvent> all = store.readAll(1, Integer.MAX_VALUE);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).globalPosition()).isEqualTo(i + 1);
            }
            for (int t = 0; t < threads; t++) {
                List<RecordedEvent> stream = store.readStream("group-" + t);
                assertThat(stream).hasSize((int) (total / threads));
                for (int v = 0; v < stream.size(); v++) {
                    assertThat(stream.get(v).streamVersion()).isEqualTo(v);
                    assertThat(new String(stream.get(v).data(), UTF_8)).doesNotContain("stale", "new");
                }
            }
        }
    }
}
