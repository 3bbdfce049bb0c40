package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StreamPositionsTest {

    @TempDir
    Path folder;

    @Test
    void a_held_stream_is_extended_by_each_commit_in_order_and_dropped_on_a_gap() {
        StreamPositions positions = new StreamPositions(1_000);
        positions.put("s", new long[] {3, 7}, 2);

        positions.appended(new AppendResult("s", 2, 3, 10, 11));
        positions.appended(new AppendResult("s", 3, 3, 11, 11));
        positions.appended(new AppendResult("other", 0, 0, 12, 12));

        StreamPositions.Entry entry = positions.get("s");
        assertThat(entry.count()).isEqualTo(4);
        assertThat(List.of(entry.position(0), entry.position(1), entry.position(2), entry.position(3)))
                .containsExactly(3L, 7L, 10L, 11L);
        assertThat(positions.get("other")).isNull();
        positions.appended(new AppendResult("s", 9, 9, 20, 20));
        assertThat(positions.get("s")).isNull();
    }

    @Test
    void streams_beyond_the_budget_are_dropped_but_not_the_one_just_read() {
        StreamPositions positions = new StreamPositions(100);
        for (int stream = 0; stream < 10; stream++) {
            positions.put("s-" + stream, new long[20], 20);
            positions.shrink("s-" + stream);
        }
        int held = 0;
        for (int stream = 0; stream < 10; stream++) {
            held += positions.get("s-" + stream) == null ? 0 : 20;
        }
        assertThat(held).isLessThanOrEqualTo(100);
        assertThat(positions.get("s-9")).isNotNull();
    }

    @Test
    @Timeout(120)
    void every_read_holds_each_append_acknowledged_before_it_started() throws Exception {
        int appends = 1_500;
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < appends; i++) {
                    store.append("s", ExpectedVersion.any(), List.of(NewEvent.of("N.v1", ("" + i).getBytes(UTF_8))));
                    acknowledged.incrementAndGet();
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(threads.submit(() -> {
                    int reads = 0;
                    while (!writer.isDone()) {
                        int before = acknowledged.get();
                        List<RecordedEvent> events = store.readStream("s");
                        assertThat(events.size()).isGreaterThanOrEqualTo(before);
                        for (int v = 0; v < events.size(); v++) {
                            assertThat(events.get(v).streamVersion()).isEqualTo(v);
                            assertThat(new String(events.get(v).data(), UTF_8)).isEqualTo("" + v);
                        }
                        reads++;
                    }
                    return reads;
                }));
            }
            writer.get();
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
            assertThat(store.readStream("s")).hasSize(appends);
        } finally {
            threads.shutdownNow();
        }
    }
}
