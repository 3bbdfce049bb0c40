package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two stores with their own pools on one PostgreSQL schema, standing in for two processes: positions stay dense and
 * in commit order, conflicts are caught across them, and each one's subscribers wake on the other's commits.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class PostgresMultiWriterTest {

    private String schema;
    private EventStore first;
    private EventStore second;

    @BeforeEach
    void open() {
        PostgresTestDatabase.assumeAvailable();
        schema = PostgresTestDatabase.createSchema();
        first = EventStores.open(PostgresTestDatabase.config(schema));
        second = EventStores.open(PostgresTestDatabase.config(schema));
    }

    @AfterEach
    void close() {
        if (schema != null) {
            first.close();
            second.close();
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static List<NewEvent> events(int count, String text) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("Counted.v1", ("{\"w\":\"" + text + "\",\"n\":" + i + "}").getBytes(UTF_8)));
        }
        return events;
    }

    @Test
    void writers_in_two_processes_get_dense_positions_and_a_tailing_reader_never_sees_a_gap() throws Exception {
        // given
        int writersPerStore = 3;
        int appendsEach = 120;
        List<EventStore> stores = List.of(first, second);
        ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerStore);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(2 * writersPerStore);
        List<Long> tailed = new ArrayList<>();
        Thread reader = new Thread(() -> tail(first, done, tailed, problems), "tailing-reader");
        // when
        try {
            reader.start();
            for (int s = 0; s < stores.size(); s++) {
                for (int w = 0; w < writersPerStore; w++) {
                    EventStore store = stores.get(s);
                    String writer = "s" + s + "w" + w;
                    pool.submit(() -> {
                        try {
                            for (int i = 0; i < appendsEach; i++) {
                                store.append(writer + "-" + (i % 4), ExpectedVersion.any(), events(1 + i % 3, writer));
                            }
                        } catch (RuntimeException e) {
                            problems.add("writer " + writer + " failed: " + e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
            }
            assertThat(done.await(90, TimeUnit.SECONDS)).isTrue();
            reader.join(60_000);
        } finally {
            pool.shutdownNow();
        }
        // then
        assertThat(problems).isEmpty();
        int expected = 2 * writersPerStore * (appendsEach / 3) * (1 + 2 + 3);
        List<RecordedEvent> all = second.readAll(1, Integer.MAX_VALUE);
        assertThat(all).hasSize(expected);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).globalPosition()).isEqualTo(i + 1);
        }
        assertThat(tailed).hasSize(expected);
        assertThat(first.headPosition()).isEqualTo(expected);
        assertThat(second.headPosition()).isEqualTo(expected);
    }

    /** Reads the log as it grows: every batch must continue exactly where the last one ended. */
    private static void tail(EventStore store, CountDownLatch writersDone, List<Long> seen,
            ConcurrentLinkedQueue<String> problems) {
        long next = 1;
        try {
            while (true) {
                boolean finished = writersDone.getCount() == 0;
                List<RecordedEvent> batch = store.readAll(next, 200);
                for (RecordedEvent event : batch) {
                    if (event.globalPosition() != next) {
                        problems.add("reader expected position " + next + " but read " + event.globalPosition());
                        return;
                    }
                    seen.add(next);
                    next++;
                }
                if (finished && batch.isEmpty()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            problems.add("reader failed: " + e);
        }
    }

    @Test
    void conflicting_appends_from_two_processes_let_exactly_one_win() throws Exception {
        // given
        first.append("race-1", ExpectedVersion.noStream(), events(1, "opened"));
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        // when
        try {
            for (int t = 0; t < threads; t++) {
                EventStore store = t % 2 == 0 ? first : second;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.append("race-1", ExpectedVersion.exactly(0), events(1, "racer"));
                        return true;
                    } catch (WrongExpectedVersionException conflict) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> outcome : outcomes) {
                wins += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            // then
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(second.readStream("race-1")).hasSize(2);
        assertThat(first.headPosition()).isEqualTo(2);
    }

    @Test
    void a_subscriber_wakes_on_commits_of_the_other_process() throws Exception {
        // given
        List<Long> seen = new CopyOnWriteArrayList<>();
        CountDownLatch tenEvents = new CountDownLatch(10);
        try (Subscription subscription = first.subscribe(1, EventFilter.all(), batch -> batch.forEach(e -> {
            seen.add(e.globalPosition());
            tenEvents.countDown();
        }))) {
            // when
            for (int i = 0; i < 5; i++) {
                second.append("remote-1", ExpectedVersion.any(), events(2, "remote"));
            }
            // then
            assertThat(tenEvents.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            // The position moves once the listener returns, just after the latch opened inside it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscription.position() < 10 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(subscription.position()).isEqualTo(10);
        }
    }
}
