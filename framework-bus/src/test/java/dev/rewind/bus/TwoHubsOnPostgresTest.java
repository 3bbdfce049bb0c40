package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.eventstore.EventStores;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hubs on one PostgreSQL schema, each with a store (and connection pool) of its own, as two hub processes have:
 * both publish every event, and a client cut off from its hub for 10 s moves to the other and loses nothing.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class TwoHubsOnPostgresTest {

    private String schema;
    private final List<EventStore> stores = new ArrayList<>();
    private final List<Hub> hubs = new ArrayList<>();

    @BeforeEach
    void startTwoHubs() {
        schema = PostgresSchemas.create();
        for (int i = 0; i < 2; i++) {
            EventStore store = EventStores.open(PostgresSchemas.store(schema));
            stores.add(store);
            hubs.add(Hub.start(store, HubConfig.loopback()));
        }
    }

    @AfterEach
    void stop() throws Exception {
        hubs.forEach(Hub::close);
        stores.forEach(EventStore::close);
        PostgresSchemas.drop(schema);
    }

    private HubAddress address(int hub) {
        return new HubAddress(hubs.get(hub).endpoint(), hubs.get(hub).publishEndpoint());
    }

    @Test
    void each_hub_publishes_what_the_other_appended_with_one_sequence_of_positions() throws Exception {
        try (RemoteEventStore first = RemoteEventStore.connect(RemoteStoreConfig.of(List.of(address(0))));
                RemoteEventStore second = RemoteEventStore.connect(RemoteStoreConfig.of(List.of(address(1))))) {
            // given: a subscriber on each hub
            List<Long> seenOnFirst = new CopyOnWriteArrayList<>();
            List<Long> seenOnSecond = new CopyOnWriteArrayList<>();
            try (Subscription a = first.subscribe(1, EventFilter.all(), events -> events.forEach(
                    event -> seenOnFirst.add(event.globalPosition())));
                    Subscription b = second.subscribe(1, EventFilter.all(), events -> events.forEach(
                            event -> seenOnSecond.add(event.globalPosition())))) {
                // when: appends alternate between the hubs
                for (int i = 0; i < 20; i++) {
                    (i % 2 == 0 ? first : second).append("two-" + i, ExpectedVersion.noStream(),
                            List.of(NewEvent.of("Two.v1", "{}".getBytes(UTF_8))));
                }
                // then
                List<Long> all = LongStream.rangeClosed(1, 20).boxed().toList();
                Await.until(() -> seenOnFirst.size() == 20 && seenOnSecond.size() == 20, Duration.ofSeconds(20),
                        "both subscribers at 20 events, at " + seenOnFirst.size() + " and " + seenOnSecond.size());
                assertThat(seenOnFirst).isEqualTo(all);
                assertThat(seenOnSecond).isEqualTo(all);
            }
        }
    }

    @Test
    void a_client_cut_off_from_its_hub_for_10_s_moves_to_the_other_and_loses_nothing() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(URI.create(hubs.get(0).endpoint()).getPort());
                CuttableProxy events = new CuttableProxy(URI.create(hubs.get(0).publishEndpoint()).getPort())) {
            RemoteStoreConfig config = RemoteStoreConfig.of(List.of(new HubAddress(proxy.endpoint(),
                    events.endpoint()), address(1))).withFailoverAfter(Duration.ofMillis(500))
                    .withRequestTimeout(Duration.ofSeconds(30));
            Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
            List<RecordedEvent> received = new CopyOnWriteArrayList<>();
            AtomicInteger appended = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> problems = new CopyOnWriteArrayList<>();
            try (RemoteEventStore client = RemoteEventStore.connect(config);
                    Subscription subscription = client.subscribe(1, EventFilter.all(), received::addAll)) {
                Thread writer = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            NewEvent event = new NewEvent(UUID.randomUUID(), "Cut.v1", "{}".getBytes(UTF_8),
                                    Metadata.empty());
                            long at = client.append("cut-" + appended.get() % 7, ExpectedVersion.any(),
                                    List.of(event)).firstPosition();
                            acknowledged.put(event.eventId(), at);
                            appended.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        problems.add(e);
                    }
                }, "writer");
                writer.start();
                Await.until(() -> appended.get() >= 50, Duration.ofSeconds(30), "50 appends before the cut");
                // when: the first hub's traffic is held for 10 s, both ways
                proxy.cut();
                events.cut();
                int atCut = appended.get();
                long cutAt = System.nanoTime();
                Await.until(() -> appended.get() >= atCut + 50 || !problems.isEmpty(), Duration.ofSeconds(10),
                        "50 appends through the other hub during the cut");
                Await.until(() -> System.nanoTime() - cutAt >= 10_000_000_000L, Duration.ofSeconds(11),
                        "the end of the 10 s cut");
                proxy.restore();
                events.restore();
                int afterCut = appended.get();
                Await.until(() -> appended.get() >= afterCut + 50 || !problems.isEmpty(), Duration.ofSeconds(30),
                        "50 appends after the cut");
                stop.set(true);
                writer.join(35_000);
                // then
                assertThat(problems).isEmpty();
                long head = client.headPosition();
                assertThat(head).as("every acknowledged append stored once").isEqualTo(acknowledged.size());
                Await.until(() -> received.size() >= head, Duration.ofSeconds(30),
                        "the subscriber at " + head + ", at " + received.size());
                assertThat(subscription.isRunning()).isTrue();
            }
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).globalPosition()).as("delivery " + i).isEqualTo(i + 1L);
            }
            Set<UUID> ids = new HashSet<>();
            received.forEach(event -> ids.add(event.eventId()));
            assertThat(ids).hasSameSizeAs(received).containsAll(acknowledged.keySet());
        }
    }
}
