package dev.rewind.core.eventstore;

import dev.rewind.core.spi.CommitSignal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event store contract suite (TCK): every backend passes it. A backend's test is a subclass that supplies a
 * fresh, empty store per test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
public abstract class EventStoreContract {

    protected EventStore store;

    /** A fresh, empty store; closed after each test. */
    protected abstract EventStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static NewEvent event(String type, String json) {
        return new NewEvent(UUID.randomUUID(), type, json.getBytes(UTF_8), Metadata.empty());
    }

    protected static List<NewEvent> events(int count) {
        List<NewEvent> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(event("Counted.v1", "{\"n\":" + i + "}"));
        }
        return result;
    }

    // ---------------------------------------------------------------- appending and reading

    @Test
    void an_append_to_a_new_stream_gets_versions_from_0_and_dense_positions_from_1() {
        // when
        AppendResult result = store.append("account-1", ExpectedVersion.noStream(), events(3));
        // then
        assertThat(result).isEqualTo(new AppendResult("account-1", 0, 2, 1, 3));
        assertThat(store.readStream("account-1")).extracting(RecordedEvent::streamVersion).containsExactly(0L, 1L, 2L);
        assertThat(store.headPosition()).isEqualTo(3);
    }

    @Test
    void events_come_back_byte_for_byte_with_ids_types_and_metadata() {
        // given
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Metadata metadata = new Metadata("corr-1", "cause-1", Map.of("user", "ada", "ünïcode", "✓"));
        NewEvent first = new NewEvent(UUID.randomUUID(), "Binary.v1", binary, metadata);
        NewEvent second = new NewEvent(UUID.randomUUID(), "Empty.v1", new byte[0], Metadata.empty());
        NewEvent third = event("Json.v1", "{\"text\":\"ünïcödé \\u0000 ✓\"}");
        // when
        store.append("blob-1", ExpectedVersion.any(), List.of(first, second, third));
        // then
        List<RecordedEvent> read = store.readStream("blob-1");
        assertThat(read).hasSize(3);
        for (int i = 0; i < 3; i++) {
            NewEvent sent = List.of(first, second, third).get(i);
            RecordedEvent got = read.get(i);
            assertThat(got.eventId()).isEqualTo(sent.eventId());
            assertThat(got.type()).isEqualTo(sent.type());
            assertThat(got.data()).isEqualTo(sent.data());
            assertThat(got.metadata()).isEqualTo(sent.metadata());
            assertThat(got.streamId()).isEqualTo("blob-1");
            assertThat(got.recordedAt()).isNotNull();
        }
        assertThat(store.readAll(1, 10)).isEqualTo(read);
    }

    @Test
    void an_event_exactly_at_the_size_limit_is_stored() {
        byte[] data = new byte[store.limits().maxEventBytes()];
        new Random(7).nextBytes(data);
        store.append("big-1", ExpectedVersion.noStream(), List.of(new NewEvent(UUID.randomUUID(), "Big.v1", data,
                Metadata.empty())));
        assertThat(store.readStream("big-1").get(0).data()).isEqualTo(data);
    }

    @Test
    void a_stream_that_does_not_exist_reads_as_empty() {
        assertThat(store.readStream("nothing-here")).isEmpty();
        assertThat(store.readStream("nothing-here", 5, 10)).isEmpty();
    }

    @Test
    void a_stream_reads_from_a_version_with_a_max_count() {
        store.append("page-1", ExpectedVersion.noStream(), events(10));
        assertThat(store.readStream("page-1", 4, 3)).extracting(RecordedEvent::streamVersion)
                .containsExactly(4L, 5L, 6L);
        assertThat(store.readStream("page-1", 8, 100)).extracting(RecordedEvent::streamVersion)
                .containsExactly(8L, 9L);
        assertThat(store.readStream("page-1", 10, 100)).isEmpty();
    }

    @Test
    void later_appends_continue_the_stream_versions_and_the_global_positions() {
        store.append("a-1", ExpectedVersion.noStream(), events(2));
        store.append("b-1", ExpectedVersion.noStream(), events(1));
        AppendResult third = store.append("a-1", ExpectedVersion.exactly(1), events(2));
        assertThat(third).isEqualTo(new AppendResult("a-1", 2, 3, 4, 5));
        assertThat(store.readAll(1, 100)).extracting(RecordedEvent::globalPosition)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.readAll(1, 100)).extracting(RecordedEvent::streamId)
                .containsExactly("a-1", "a-1", "b-1", "a-1", "a-1");
    }

    @Test
    void the_global_log_reads_from_a_position_with_a_max_count() {
        store.append("a-1", ExpectedVersion.noStream(), events(10));
        assertThat(store.readAll(4, 3)).extracting(RecordedEvent::globalPosition).containsExactly(4L, 5L, 6L);
        assertThat(store.readAll(11, 3)).isEmpty();
        assertThat(store.headPosition()).isEqualTo(10);
    }

    @Test
    void an_empty_store_has_head_0_and_reads_nothing() {
        assertThat(store.headPosition()).isZero();
        assertThat(store.readAll(1, 10)).isEmpty();
    }

    @Test
    void the_global_log_filters_by_category_and_by_event_type() {
        store.append("account-1", ExpectedVersion.any(), List.of(event("Opened.v1", "{}"), event("Deposited.v1",
                "{}")));
        store.append("transfer-1", ExpectedVersion.any(), List.of(event("Started.v1", "{}")));
        store.append("account-2", ExpectedVersion.any(), List.of(event("Opened.v1", "{}")));
        store.append("accountant-1", ExpectedVersion.any(), List.of(event("Opened.v1", "{}")));
        store.append("account", ExpectedVersion.any(), List.of(event("Opened.v1", "{}")));

        assertThat(store.readAll(1, 100, EventFilter.categories("account")))
                .extracting(RecordedEvent::globalPosition).containsExactly(1L, 2L, 4L, 6L);
        assertThat(store.readAll(1, 100, EventFilter.eventTypes("Opened.v1")))
                .extracting(RecordedEvent::globalPosition).containsExactly(1L, 4L, 5L, 6L);
        assertThat(store.readAll(1, 100, new EventFilter(java.util.Set.of("account", "transfer"),
                java.util.Set.of("Opened.v1", "Started.v1"))))
                .extracting(RecordedEvent::globalPosition).containsExactly(1L, 3L, 4L, 6L);
        assertThat(store.readAll(2, 2, EventFilter.categories("account")))
                .extracting(RecordedEvent::globalPosition).containsExactly(2L, 4L);
    }

    @Test
    void reading_from_position_0_or_with_max_count_0_is_refused() {
        assertThatThrownBy(() -> store.readAll(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 1");
        assertThatThrownBy(() -> store.readAll(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCount");
    }

    // ---------------------------------------------------------------- expected versions

    @Test
    void no_stream_fails_when_the_stream_exists_and_writes_nothing() {
        store.append("s-1", ExpectedVersion.noStream(), events(1));
        assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.noStream(), events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.streamId()).isEqualTo("s-1");
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.noStream());
                    assertThat(e.actual()).isZero();
                    assertThat(e.getMessage()).contains("s-1", "no stream", "version 0");
                });
        assertThat(store.headPosition()).isEqualTo(1);
    }

    @Test
    void stream_exists_fails_for_an_unknown_stream_and_succeeds_for_a_known_one() {
        assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.streamExists(), events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.actual()).isEqualTo(ExpectedVersion.NO_STREAM));
        assertThat(store.headPosition()).isZero();
        store.append("s-1", ExpectedVersion.any(), events(1));
        assertThat(store.append("s-1", ExpectedVersion.streamExists(), events(1)).lastVersion()).isEqualTo(1);
    }

    @Test
    void an_exact_version_must_match_the_last_version() {
        store.append("s-1", ExpectedVersion.noStream(), events(3));
        assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.exactly(1), events(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.expected().version()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThatThrownBy(() -> store.append("other-1", ExpectedVersion.exactly(0), events(1)))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store.headPosition()).isEqualTo(3);
        assertThat(store.append("s-1", ExpectedVersion.exactly(2), events(1)).lastVersion()).isEqualTo(3);
    }

    @Test
    void any_appends_whatever_the_state() {
        store.append("s-1", ExpectedVersion.any(), events(1));
        store.append("s-1", ExpectedVersion.any(), events(1));
        assertThat(store.readStream("s-1")).hasSize(2);
    }

    @Test
    void an_async_append_completes_with_the_result_or_the_typed_error_of_a_plain_one() throws Exception {
        AppendResult result = store.appendAsync("s-1", ExpectedVersion.noStream(), events(2)).get(20, TimeUnit.SECONDS);
        assertThat(result.lastVersion()).isEqualTo(1);
        assertThat(result.lastPosition()).isEqualTo(2);
        assertThat(store.readStream("s-1")).hasSize(2);
        CompletableFuture<AppendResult> conflict = store.appendAsync("s-1", ExpectedVersion.noStream(), events(1));
        assertThatThrownBy(() -> conflict.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WrongExpectedVersionException.class);
        CompletableFuture<AppendResult> invalid = store.appendAsync("", ExpectedVersion.any(), events(1));
        assertThatThrownBy(() -> invalid.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidAppendException.class);
        assertThat(store.headPosition()).isEqualTo(2);
    }

    @Test
    void append_each_decides_every_append_on_its_own_and_returns_them_decided_in_order() {
        store.append("s-1", ExpectedVersion.noStream(), events(1));
        List<NewEvent> retried = events(1);
        store.append("s-3", ExpectedVersion.noStream(), retried);
        List<CompletableFuture<AppendResult>> outcomes = store.appendEach(List.of(
                new StreamAppend("s-1", ExpectedVersion.exactly(0), events(2)),
                new StreamAppend("s-1", ExpectedVersion.noStream(), events(1)),
                new StreamAppend("", ExpectedVersion.any(), events(1)),
                new StreamAppend("s-2", ExpectedVersion.noStream(), events(1)),
                new StreamAppend("s-3", ExpectedVersion.noStream(), retried)));
        assertThat(outcomes).hasSize(5).allMatch(CompletableFuture::isDone);
        assertThat(outcomes.get(0).join().lastVersion()).isEqualTo(2);
        assertThatThrownBy(outcomes.get(1)::join).cause().isInstanceOf(WrongExpectedVersionException.class);
        assertThatThrownBy(outcomes.get(2)::join).cause().isInstanceOf(InvalidAppendException.class);
        assertThat(outcomes.get(3).join().lastVersion()).isZero();
        assertThat(outcomes.get(4).join().lastPosition()).as("a re-sent append keeps its original result")
                .isEqualTo(2);
        assertThat(store.readStream("s-1")).hasSize(3);
        assertThat(store.headPosition()).isEqualTo(5);
        assertThat(store.appendEach(List.of())).isEmpty();
    }

    @Test
    void commit_callbacks_run_after_each_commit_until_closed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Optional<CommitSignal.Registration> registration = store.onCommit(calls::incrementAndGet);
        if (registration.isEmpty()) {
            return; // this store has no call-backs; users subscribe instead (covered above)
        }
        store.append("s-1", ExpectedVersion.noStream(), events(2));
        awaitTrue(() -> calls.get() >= 1, "a call-back after the first commit");
        registration.get().close();
        int before = calls.get();
        store.append("s-1", ExpectedVersion.exactly(1), events(1));
        assertThat(store.readStream("s-1")).hasSize(3);
        assertThat(calls.get()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void re_sending_a_committed_append_returns_its_original_result_and_stores_nothing() {
        List<NewEvent> batch = events(3);
        AppendResult first = store.append("s-1", ExpectedVersion.noStream(), batch);
        store.append("s-2", ExpectedVersion.noStream(), events(1));
        AppendResult again = store.append("s-1", ExpectedVersion.noStream(), batch);
        assertThat(again).isEqualTo(first);
        assertThat(store.headPosition()).isEqualTo(4);
        assertThat(store.readStream("s-1")).hasSize(3);
    }

    @Test
    void a_partly_overlapping_append_is_refused_and_writes_nothing() {
        List<NewEvent> batch = events(2);
        store.append("s-1", ExpectedVersion.noStream(), batch);
        List<NewEvent> overlapping = List.of(batch.get(1), event("New.v1", "{}"));
        assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.any(), overlapping))
                .isInstanceOfSatisfying(DuplicateEventIdException.class,
                        e -> assertThat(e.eventId()).isEqualTo(batch.get(1).eventId()));
        List<NewEvent> newThenOld = List.of(event("New.v1", "{}"), batch.get(0));
        assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.any(), newThenOld))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThat(store.headPosition()).isEqualTo(2);
    }

    @Test
    void an_event_id_stored_in_one_stream_is_refused_in_another() {
        List<NewEvent> batch = events(1);
        store.append("s-1", ExpectedVersion.noStream(), batch);
        assertThatThrownBy(() -> store.append("s-2", ExpectedVersion.any(), batch))
                .isInstanceOf(DuplicateEventIdException.class).hasMessageContaining("s-1");
        assertThat(store.readStream("s-2")).isEmpty();
    }

    // ---------------------------------------------------------------- limits

    @Test
    void bad_stream_ids_are_refused_with_a_clear_message_and_write_nothing() {
        assertRefused(null, events(1), "must not be null");
        assertRefused("", events(1), "must not be empty");
        assertRefused("x".repeat(store.limits().maxStreamIdLength() + 1), events(1), "characters long");
        assertRefused("bad\nid", events(1), "control character");
        assertRefused("tab\tid", events(1), "control character");
    }

    @Test
    void bad_events_are_refused_with_a_clear_message_and_write_nothing() {
        assertRefused("s-1", List.of(), "at least one event");
        assertRefused("s-1", events(store.limits().maxEventsPerAppend() + 1), "the limit is");
        byte[] tooBig = new byte[store.limits().maxEventBytes() + 1];
        assertRefused("s-1", List.of(event("Ok.v1", "{}"), new NewEvent(UUID.randomUUID(), "Big.v1", tooBig,
                Metadata.empty())), "bytes; the limit is");
        NewEvent twice = event("Twice.v1", "{}");
        assertRefused("s-1", List.of(twice, twice), "appears twice");
        assertRefused("s-1", List.of(event("", "{}")), "Event type");
        assertRefused("s-1", List.of(event("Bad\u0001Type", "{}")), "Event type");
        assertThatThrownBy(() -> store.append("s-1", null, events(1))).isInstanceOf(InvalidAppendException.class);
        assertThat(store.readStream("s-1")).isEmpty();
    }

    private void assertRefused(String streamId, List<NewEvent> events, String messagePart) {
        long head = store.headPosition();
        assertThatThrownBy(() -> store.append(streamId, ExpectedVersion.any(), events))
                .isInstanceOf(InvalidAppendException.class).hasMessageContaining(messagePart);
        assertThat(store.headPosition()).isEqualTo(head);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrent_appends_with_the_same_expected_version_let_exactly_one_win() throws Exception {
        store.append("race-1", ExpectedVersion.noStream(), events(1));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.append("race-1", ExpectedVersion.exactly(0), events(1));
                        return true;
                    } catch (WrongExpectedVersionException conflict) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> outcome : outcomes) {
                wins += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.readStream("race-1")).hasSize(2);
            assertThat(store.headPosition()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrent_writers_get_dense_positions_and_a_tailing_reader_never_sees_a_gap() throws Exception {
        int writers = 4;
        int appendsEach = 150;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(writers);
        Thread reader = new Thread(() -> tail(writers * appendsEach, done, problems), "tailing-reader");
        try {
            reader.start();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < appendsEach; i++) {
                            store.append("w" + writer + "-" + (i % 5), ExpectedVersion.any(), events(1 + i % 2));
                        }
                    } catch (RuntimeException e) {
                        problems.add("writer " + writer + " failed: " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            reader.join(60_000);
            assertThat(problems).isEmpty();
            List<RecordedEvent> all = store.readAll(1, Integer.MAX_VALUE);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).globalPosition()).isEqualTo(i + 1);
            }
            assertThat(store.headPosition()).isEqualTo(all.size());
            for (int w = 0; w < writers; w++) {
                for (int s = 0; s < 5; s++) {
                    List<RecordedEvent> stream = store.readStream("w" + w + "-" + s);
                    for (int v = 0; v < stream.size(); v++) {
                        assertThat(stream.get(v).streamVersion()).isEqualTo(v);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads the log as it grows; a position that appears after a later one was seen is a gap. */
    private void tail(int minimumEvents, CountDownLatch writersDone, ConcurrentLinkedQueue<String> problems) {
        long next = 1;
        try {
            while (true) {
                boolean finished = writersDone.getCount() == 0;
                List<RecordedEvent> batch = store.readAll(next, 100);
                for (RecordedEvent event : batch) {
                    if (event.globalPosition() != next) {
                        problems.add("reader expected position " + next + " but read " + event.globalPosition());
                        return;
                    }
                    next++;
                }
                if (finished && batch.isEmpty()) {
                    if (next - 1 < minimumEvents) {
                        problems.add("reader saw only " + (next - 1) + " events");
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            problems.add("reader failed: " + e);
        }
    }

    // ---------------------------------------------------------------- subscriptions

    @Test
    void a_subscription_catches_up_then_follows_live_appends_once_and_in_order() throws Exception {
        store.append("a-1", ExpectedVersion.noStream(), events(5));
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store.subscribe(3, EventFilter.all(),
                batch -> batch.forEach(e -> seen.add(e.globalPosition())))) {
            awaitTrue(() -> seen.size() == 3, "catch-up of positions 3..5, saw " + seen);
            for (int i = 0; i < 20; i++) {
                store.append("b-" + (i % 3), ExpectedVersion.any(), events(1));
            }
            awaitTrue(() -> seen.size() == 23, "live delivery up to position 25, saw " + seen);
            // the position moves when the listener returns, just after it recorded the last event
            awaitTrue(() -> subscription.position() == 25, "position 25, at " + subscription.position());
            assertThat(subscription.isRunning()).isTrue();
        }
        List<Long> expected = new ArrayList<>();
        for (long p = 3; p <= 25; p++) {
            expected.add(p);
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void a_filtered_subscription_gets_only_matching_events() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (Subscription subscription = store.subscribe(1, EventFilter.categories("account"),
                batch -> batch.forEach(e -> seen.add(e.streamId())))) {
            store.append("account-1", ExpectedVersion.any(), events(1));
            store.append("transfer-1", ExpectedVersion.any(), events(1));
            store.append("account-2", ExpectedVersion.any(), events(1));
            awaitTrue(() -> seen.size() == 2, "two account events, saw " + seen);
            awaitTrue(() -> subscription.position() == 3, "position 3, at " + subscription.position());
        }
        assertThat(seen).containsExactly("account-1", "account-2");
    }

    @Test
    void a_listener_that_throws_stops_its_subscription_and_is_told_why() throws Exception {
        store.append("a-1", ExpectedVersion.noStream(), events(3));
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store.subscribe(1, EventFilter.all(), new EventListener() {
            @Override
            public void onEvents(List<RecordedEvent> events) {
                calls.incrementAndGet();
                throw new IllegalStateException("projection broke");
            }

            @Override
            public void onError(Throwable error) {
                errors.add(error);
            }
        })) {
            awaitTrue(() -> !errors.isEmpty(), "the error to be reported");
            assertThat(errors.get(0)).hasMessage("projection broke");
            assertThat(subscription.isRunning()).isFalse();
            assertThat(calls.get()).isEqualTo(1);
            assertThat(subscription.position()).isZero();
        }
    }

    @Test
    void a_closed_subscription_delivers_nothing_more() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = store.subscribe(1, EventFilter.all(),
                batch -> batch.forEach(e -> seen.add(e.globalPosition())));
        store.append("a-1", ExpectedVersion.any(), events(1));
        awaitTrue(() -> seen.size() == 1, "first event");
        subscription.close();
        assertThat(subscription.isRunning()).isFalse();
        store.append("a-1", ExpectedVersion.any(), events(1));
        // a second subscription sees the new event, so the first one had its chance to (wrongly) see it too
        List<Long> second = new CopyOnWriteArrayList<>();
        try (Subscription witness = store.subscribe(2, EventFilter.all(),
                batch -> batch.forEach(e -> second.add(e.globalPosition())))) {
            awaitTrue(() -> second.size() == 1, "the witness to see position 2");
        }
        assertThat(seen).containsExactly(1L);
    }

    @Test
    void subscribers_never_see_uncommitted_or_refused_events() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store.subscribe(1, EventFilter.all(),
                batch -> batch.forEach(e -> seen.add(e.globalPosition())))) {
            store.append("a-1", ExpectedVersion.noStream(), events(1));
            assertThatThrownBy(() -> store.append("a-1", ExpectedVersion.noStream(), events(2)))
                    .isInstanceOf(WrongExpectedVersionException.class);
            store.append("a-1", ExpectedVersion.exactly(0), events(1));
            awaitTrue(() -> seen.size() == 2, "two committed events");
        }
        assertThat(seen).containsExactly(1L, 2L);
    }

    /** Waits for a condition with a deadline; fails with the description if it does not hold in time. */
    protected static void awaitTrue(BooleanSupplier condition, String description) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + description);
            }
            Thread.sleep(2);
        }
    }
}
