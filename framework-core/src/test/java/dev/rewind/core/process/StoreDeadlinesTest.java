package dev.rewind.core.process;

import static dev.rewind.core.process.ProcessManagerTest.awaitStore;

import dev.rewind.core.internal.process.StoreDeadlines;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreLimits;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.process.ProcessManagerTest.TestClock;
import dev.rewind.core.serialization.EventSerializer;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class StoreDeadlinesTest {

    record Reminder(String id) {
    }

    private static final EventSerializer SERIALIZER = new JacksonEventSerializer(EventTypes.builder()
            .add("Reminder.v1", Reminder.class).build());

    private final InMemoryEventStore inner = new InMemoryEventStore();
    private final CountingStore store = new CountingStore(inner);
    private final TestClock clock = new TestClock();

    @Test
    void a_restart_reads_the_ledger_and_the_pending_deadline_streams_only_never_the_log() {
        // given: a busy log, and three deadlines: one pending, one cancelled, one fired
        try (StoreDeadlines first = new StoreDeadlines(store, SERIALIZER, clock)) {
            first.start();
            appendUnrelated(500);
            first.schedule("pending", clock.now.plus(Duration.ofHours(1)), new Reminder("pending"), Metadata.empty());
            first.schedule("cancelled", clock.now.plus(Duration.ofHours(1)), new Reminder("c"), Metadata.empty());
            first.cancel("cancelled");
            first.schedule("fired", clock.now, new Reminder("fired"), Metadata.empty());
            awaitStore(inner, () -> ledgerTypes().stream().filter(StoreDeadlines.LEDGER_ENDED::equals).count() == 2,
                    "the ledger noting the cancelled and the fired deadline");
        }
        store.forgetReads();
        // when
        try (StoreDeadlines second = new StoreDeadlines(store, SERIALIZER, clock)) {
            second.start();
        }
        // then
        assertThat(store.readAllCalls).hasValue(0);
        assertThat(store.streamsRead).containsExactly(StoreDeadlines.LEDGER, "deadline-pending");
    }

    @Test
    void a_pending_deadline_survives_a_restart_and_fires_once() {
        // given
        try (StoreDeadlines first = new StoreDeadlines(store, SERIALIZER, clock)) {
            first.start();
            first.schedule("later", clock.now.plus(Duration.ofMinutes(5)), new Reminder("later"), Metadata.empty());
        }
        assertThat(inner.readStream("deadline-later")).hasSize(1);
        // when: the application is down past the deadline, then starts again
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        try (StoreDeadlines second = new StoreDeadlines(store, SERIALIZER, clock)) {
            second.start();
            awaitStore(inner, () -> ledgerTypes().contains(StoreDeadlines.LEDGER_ENDED), "the deadline to fire");
        }
        store.forgetReads();
        try (StoreDeadlines third = new StoreDeadlines(store, SERIALIZER, clock)) {
            third.start();
        }
        // then
        assertThat(inner.readStream("deadline-later")).extracting(RecordedEvent::type)
                .containsExactly(StoreDeadlines.SCHEDULED, "Reminder.v1");
        assertThat(store.streamsRead).containsExactly(StoreDeadlines.LEDGER);
    }

    @Test
    void a_deadline_that_ended_before_the_ledger_noted_it_is_noted_at_the_next_start() {
        // given: a cancellation stored, but the application stopped before the ledger entry
        try (StoreDeadlines first = new StoreDeadlines(store, SERIALIZER, clock)) {
            first.start();
            first.schedule("k", clock.now.plus(Duration.ofHours(1)), new Reminder("k"), Metadata.empty());
        }
        inner.append("deadline-k", ExpectedVersion.exactly(0), List.of(NewEvent.of(StoreDeadlines.CANCELLED,
                "{}".getBytes(UTF_8))));
        // when
        try (StoreDeadlines second = new StoreDeadlines(store, SERIALIZER, clock)) {
            second.start();
        }
        store.forgetReads();
        try (StoreDeadlines third = new StoreDeadlines(store, SERIALIZER, clock)) {
            third.start();
        }
        // then
        assertThat(ledgerTypes()).containsExactly(StoreDeadlines.LEDGER_OPENED, StoreDeadlines.LEDGER_PENDING,
                StoreDeadlines.LEDGER_ENDED);
        assertThat(store.streamsRead).containsExactly(StoreDeadlines.LEDGER);
        assertThat(inner.readStream("deadline-k")).hasSize(2);
    }

    @Test
    void a_store_written_before_the_ledger_has_its_pending_deadlines_re_armed_and_searched_once() throws Exception {
        // given: deadline streams as the code before the ledger wrote them, among other events
        appendUnrelated(100);
        storeOldSchedule("old", clock.now.plus(Duration.ofMinutes(1)));
        storeOldSchedule("done", clock.now.plus(Duration.ofMinutes(1)));
        inner.append("deadline-done", ExpectedVersion.exactly(0), List.of(NewEvent.of(StoreDeadlines.CANCELLED,
                "{}".getBytes(UTF_8))));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        // when
        try (StoreDeadlines first = new StoreDeadlines(store, SERIALIZER, clock)) {
            first.start();
            awaitStore(inner, () -> inner.readStream("deadline-old").size() == 2, "the old deadline to fire");
            awaitStore(inner, () -> ledgerTypes().contains(StoreDeadlines.LEDGER_ENDED), "the ledger to note it");
        }
        int searches = store.readAllCalls.get();
        store.forgetReads();
        try (StoreDeadlines second = new StoreDeadlines(store, SERIALIZER, clock)) {
            second.start();
        }
        // then
        assertThat(searches).isEqualTo(1);
        assertThat(inner.readStream("deadline-old")).extracting(RecordedEvent::type)
                .containsExactly(StoreDeadlines.SCHEDULED, "Reminder.v1");
        assertThat(ledgerTypes()).containsExactly(StoreDeadlines.LEDGER_PENDING, StoreDeadlines.LEDGER_OPENED,
                StoreDeadlines.LEDGER_ENDED);
        assertThat(store.readAllCalls).hasValue(0);
        assertThat(store.streamsRead).containsExactly(StoreDeadlines.LEDGER);
    }

    @Test
    void an_empty_store_leaves_position_1_to_the_application_and_opens_the_ledger_at_stop() {
        // when: started on an empty store, the application's first event is appended, then a clean stop
        try (StoreDeadlines deadlines = new StoreDeadlines(store, SERIALIZER, clock)) {
            deadlines.start();
            assertThat(inner.headPosition()).isZero();
            appendUnrelated(1);
        }
        store.forgetReads();
        try (StoreDeadlines again = new StoreDeadlines(store, SERIALIZER, clock)) {
            again.start();
        }
        // then
        assertThat(inner.readAll(1, 1).get(0).streamId()).isEqualTo("account-0");
        assertThat(ledgerTypes()).containsExactly(StoreDeadlines.LEDGER_OPENED);
        assertThat(store.readAllCalls).hasValue(0);
    }

    @Test
    void an_empty_store_opens_the_ledger_with_its_first_deadline() {
        // when
        try (StoreDeadlines deadlines = new StoreDeadlines(store, SERIALIZER, clock)) {
            deadlines.start();
            deadlines.schedule("k", clock.now.plus(Duration.ofHours(1)), new Reminder("k"), Metadata.empty());
        }
        // then
        assertThat(ledgerTypes()).containsExactly(StoreDeadlines.LEDGER_OPENED, StoreDeadlines.LEDGER_PENDING);
        assertThat(store.readAllCalls).hasValue(0);
    }

    private void appendUnrelated(int count) {
        for (int i = 0; i < count; i++) {
            inner.append("account-" + (i % 10), ExpectedVersion.any(), List.of(NewEvent.of("Deposited.v1",
                    "{}".getBytes(UTF_8))));
        }
    }

    private void storeOldSchedule(String key, Instant dueAt) throws Exception {
        StoreDeadlines.Scheduled scheduled = new StoreDeadlines.Scheduled(key, dueAt.toEpochMilli(), "Reminder.v1",
                SERIALIZER.serialize(new Reminder(key)).data());
        inner.append("deadline-" + key, ExpectedVersion.noStream(), List.of(NewEvent.of(StoreDeadlines.SCHEDULED,
                new ObjectMapper().writeValueAsBytes(scheduled))));
    }

    private List<String> ledgerTypes() {
        return inner.readStream(StoreDeadlines.LEDGER).stream().map(RecordedEvent::type).toList();
    }

    /** Passes everything to a store and counts the reads. */
    static final class CountingStore implements EventStore {
        final AtomicInteger readAllCalls = new AtomicInteger();
        final List<String> streamsRead = new CopyOnWriteArrayList<>();
        private final EventStore delegate;

        CountingStore(EventStore delegate) {
            this.delegate = delegate;
        }

        void forgetReads() {
            readAllCalls.set(0);
            streamsRead.clear();
        }

        @Override
        public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
            return delegate.append(streamId, expected, events);
        }

        @Override
        public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
            streamsRead.add(streamId);
            return delegate.readStream(streamId, fromVersion, maxCount);
        }

        @Override
        public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
            readAllCalls.incrementAndGet();
            return delegate.readAll(fromPosition, maxCount, filter);
        }

        @Override
        public long headPosition() {
            return delegate.headPosition();
        }

        @Override
        public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
            throw new UnsupportedOperationException("deadlines do not subscribe");
        }

        @Override
        public StoreLimits limits() {
            return delegate.limits();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
