package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class RemoteSubscriptionTest {

    private final InMemoryEventStore backend = new InMemoryEventStore();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        backend.close();
    }

    private Hub hub(HubConfig config) {
        Hub hub = Hub.start(backend, config);
        toClose.add(hub);
        return hub;
    }

    private RemoteEventStore client(Hub hub) {
        RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint())
                .withRequestTimeout(Duration.ofSeconds(3)));
        toClose.add(client);
        return client;
    }

    private static List<NewEvent> one(String text) {
        return List.of(NewEvent.of("Noted.v1", text.getBytes(UTF_8)));
    }

    @Test
    void events_appended_straight_to_the_store_reach_a_remote_subscriber_with_their_positions() throws Exception {
        // given
        Hub hub = hub(HubConfig.loopback());
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        RemoteEventStore client = client(hub);
        toClose.add(client.subscribe(1, EventFilter.all(), seen::addAll));
        // when
        for (int i = 0; i < 500; i++) {
            backend.append("note-" + (i % 7), ExpectedVersion.any(), one("n" + i));
        }
        // then
        Await.until(() -> seen.size() == 500, Duration.ofSeconds(20), "500 events, saw " + seen.size());
        assertThat(seen).extracting(RecordedEvent::globalPosition)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
        assertThat(new String(seen.get(499).data(), UTF_8)).isEqualTo("n499");
    }

    @Test
    void a_hub_on_a_store_without_commit_call_backs_publishes_through_a_subscription_instead() throws Exception {
        // given: the backend seen through the plain SPI, which has no onCommit
        Hub hub = Hub.start(new WithoutCommitCallBacks(backend), HubConfig.loopback());
        toClose.add(hub);
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        toClose.add(client(hub).subscribe(1, EventFilter.all(), seen::addAll));
        // when
        for (int i = 0; i < 200; i++) {
            backend.append("note-" + (i % 3), ExpectedVersion.any(), one("n" + i));
        }
        // then
        Await.until(() -> seen.size() == 200, Duration.ofSeconds(20), "200 events, saw " + seen.size());
        assertThat(seen).extracting(RecordedEvent::globalPosition)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }

    /** A store that only has what every store has: {@link EventStore#onCommit} keeps its empty default. */
    private record WithoutCommitCallBacks(EventStore store) implements EventStore {

        @Override
        public AppendResult append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
            return store.append(streamId, expected, events);
        }

        @Override
        public List<RecordedEvent> readStream(String streamId, long fromVersion, int maxCount) {
            return store.readStream(streamId, fromVersion, maxCount);
        }

        @Override
        public List<RecordedEvent> readAll(long fromPosition, int maxCount, EventFilter filter) {
            return store.readAll(fromPosition, maxCount, filter);
        }

        @Override
        public long headPosition() {
            return store.headPosition();
        }

        @Override
        public Subscription subscribe(long fromPosition, EventFilter filter, EventListener listener) {
            return store.subscribe(fromPosition, filter, listener);
        }

        @Override
        public StoreLimits limits() {
            return store.limits();
        }

        @Override
        public void close() {
            // the test closes the backend itself
        }
    }

    @Test
    void a_slow_subscriber_gets_every_event_once_in_order_and_does_not_hold_up_appends() throws Exception {
        // given: a listener that blocks until released, while 20,000 events are appended
        Hub hub = hub(HubConfig.loopback());
        RemoteEventStore client = client(hub);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        toClose.add(client.subscribe(1, EventFilter.all(), batch -> {
            release.await(30, TimeUnit.SECONDS);
            batch.forEach(event -> seen.add(event.globalPosition()));
        }));
        // when
        for (int i = 0; i < 200; i++) {
            List<NewEvent> events = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                events.add(NewEvent.of("Bulk.v1", new byte[16]));
            }
            client.append("bulk-" + i, ExpectedVersion.noStream(), events);
        }
        // then: appends completed while the subscriber was stuck; after release it gets all 20,000 in order
        assertThat(client.headPosition()).isEqualTo(20_000);
        release.countDown();
        Await.until(() -> seen.size() >= 20_000, Duration.ofSeconds(40), "20,000 events, saw " + seen.size());
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 20_000).boxed().toList());
    }

    @Test
    void a_subscriber_resumes_after_a_hub_restart_without_loss_or_duplicates() throws Exception {
        // given
        Hub first = hub(HubConfig.loopback());
        HubConfig samePorts = HubConfig.loopback().withBind(first.endpoint()).withPublish(first.publishEndpoint());
        RemoteEventStore client = client(first);
        List<Long> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = client.subscribe(1, EventFilter.all(),
                batch -> batch.forEach(event -> seen.add(event.globalPosition())));
        toClose.add(subscription);
        client.append("a-1", ExpectedVersion.any(), one("before"));
        Await.until(() -> seen.size() == 1, Duration.ofSeconds(10), "the first event");
        // when: the hub goes away, events are committed while it is down, and it comes back on the same ports
        first.close();
        toClose.remove(first);
        for (int i = 0; i < 50; i++) {
            backend.append("a-1", ExpectedVersion.any(), one("while down " + i));
        }
        hub(samePorts);
        for (int i = 0; i < 50; i++) {
            client.append("a-1", ExpectedVersion.any(), one("after " + i));
        }
        // then
        Await.until(() -> seen.size() >= 101, Duration.ofSeconds(20), "101 events, saw " + seen.size());
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 101).boxed().toList());
        assertThat(subscription.isRunning()).isTrue();
        // the position moves when the listener returns, just after it recorded the last event
        Await.until(() -> subscription.position() == 101, Duration.ofSeconds(5), "position 101");
    }

    @Test
    void a_category_subscription_gets_only_its_category_even_when_another_shares_the_prefix() throws Exception {
        // given
        Hub hub = hub(HubConfig.loopback());
        RemoteEventStore client = client(hub);
        List<String> seen = new CopyOnWriteArrayList<>();
        toClose.add(client.subscribe(1, EventFilter.categories("account"),
                batch -> batch.forEach(event -> seen.add(event.streamId()))));
        // when
        for (int i = 0; i < 30; i++) {
            client.append((i % 3 == 0 ? "account-" : i % 3 == 1 ? "accountant-" : "transfer-") + i,
                    ExpectedVersion.any(), one("x"));
        }
        // then
        Await.until(() -> seen.size() == 10, Duration.ofSeconds(10), "10 account events, saw " + seen);
        assertThat(seen).allMatch(stream -> stream.startsWith("account-"));
        assertThat(seen).doesNotHaveDuplicates();
    }
}
