package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import dev.rewind.eventstore.EventStores;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RemoteEventStore#appendAsync} against real hubs on 127.0.0.1: many appends in flight per client. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class RemoteAppendAsyncTest {

    private static final int STREAMS = 10;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private String schema;

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (schema != null) {
            PostgresSchemas.drop(schema);
        }
    }

    @Test
    void many_appends_in_flight_complete_with_dense_positions_and_stream_versions_in_order() throws Exception {
        // given
        Hub hub = hub(new InMemoryEventStore());
        RemoteEventStore client = client(RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint()));
        // when: 5,000 appends from one thread, with exact expected versions, none waited for
        List<CompletableFuture<AppendResult>> appends = appendAll(client, 0, 5_000);
        // then
        Set<Long> positions = new HashSet<>();
        for (int i = 0; i < appends.size(); i++) {
            AppendResult result = appends.get(i).get(30, TimeUnit.SECONDS);
            assertThat(result.firstVersion()).as("version of append " + i).isEqualTo(i / STREAMS);
            positions.add(result.firstPosition());
        }
        assertThat(positions).hasSize(5_000).allMatch(position -> position >= 1 && position <= 5_000);
        assertThat(client.headPosition()).isEqualTo(5_000);
    }

    @Test
    void a_failed_append_in_flight_fails_its_own_future_only() throws Exception {
        // given
        Hub hub = hub(new InMemoryEventStore());
        RemoteEventStore client = client(RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint()));
        // when
        CompletableFuture<AppendResult> first = client.appendAsync("s", ExpectedVersion.noStream(), events(1));
        CompletableFuture<AppendResult> conflicting = client.appendAsync("s", ExpectedVersion.noStream(), events(1));
        CompletableFuture<AppendResult> next = client.appendAsync("s", ExpectedVersion.exactly(0), events(1));
        // then
        assertThat(first.get(10, TimeUnit.SECONDS).firstPosition()).isEqualTo(1);
        assertThatThrownBy(() -> conflicting.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(next.get(10, TimeUnit.SECONDS).firstPosition()).isEqualTo(2);
    }

    @Test
    void closing_the_store_fails_the_appends_still_in_flight() throws Exception {
        // given: a hub reached through a proxy that holds the traffic
        Hub hub = hub(new InMemoryEventStore());
        CuttableProxy proxy = new CuttableProxy(URI.create(hub.endpoint()).getPort());
        resources.add(proxy);
        RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(proxy.endpoint(),
                hub.publishEndpoint()).withRequestTimeout(Duration.ofSeconds(60)));
        client.append("before", ExpectedVersion.noStream(), events(1));
        proxy.cut();
        List<CompletableFuture<AppendResult>> appends = appendAll(client, 0, 100);
        // when
        long start = System.nanoTime();
        client.close();
        // then
        for (CompletableFuture<AppendResult> append : appends) {
            assertThatThrownBy(() -> append.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(HubUnavailableException.class).hasMessageContaining("closed");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(client.appendAsync("after", ExpectedVersion.any(), events(1)))
                .failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void appends_in_flight_when_their_hub_closes_are_stored_once_through_the_other_hub() throws Exception {
        // given: two hubs on one PostgreSQL schema, a client that knows both
        schema = PostgresSchemas.create();
        List<Hub> hubs = new ArrayList<>();
        List<HubAddress> addresses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            EventStore store = EventStores.open(PostgresSchemas.store(schema));
            resources.add(store);
            Hub hub = hub(store);
            hubs.add(hub);
            addresses.add(new HubAddress(hub.endpoint(), hub.publishEndpoint()));
        }
        RemoteEventStore client = client(RemoteStoreConfig.of(addresses).withFailoverAfter(Duration.ofMillis(500))
                .withRequestTimeout(Duration.ofSeconds(30)));
        // when: appends keep going out, and the first hub closes when about half of them are through
        List<NewEvent> sent = new ArrayList<>();
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        int total = 6_000;
        for (int i = 0; i < total; i++) {
            NewEvent event = event(i);
            sent.add(event);
            appends.add(client.appendAsync("failover-" + i % STREAMS, ExpectedVersion.exactly(i / STREAMS - 1L),
                    List.of(event)));
            if (i == total / 2) {
                appends.get(total / 4).get(30, TimeUnit.SECONDS);
                hubs.get(0).close();
            }
        }
        // then: every append acknowledged, each stored once, in the order of each stream
        for (int i = 0; i < total; i++) {
            assertThat(appends.get(i).get(60, TimeUnit.SECONDS).firstVersion()).as("append " + i)
                    .isEqualTo(i / STREAMS);
        }
        assertThat(client.headPosition()).as("events stored, each once").isEqualTo(total);
        List<RecordedEvent> stored = client.readAll(1, total + 10, EventFilter.all());
        Set<UUID> ids = new HashSet<>();
        stored.forEach(event -> ids.add(event.eventId()));
        assertThat(ids).hasSize(total).containsAll(sent.stream().map(NewEvent::eventId).toList());
    }

    private Hub hub(EventStore store) {
        Hub hub = Hub.start(store, HubConfig.loopback());
        resources.add(hub::close);
        return hub;
    }

    private RemoteEventStore client(RemoteStoreConfig config) {
        RemoteEventStore client = RemoteEventStore.connect(config);
        resources.add(client);
        return client;
    }

    /** Sends {@code count} appends spread over {@link #STREAMS} streams with exact expected versions. */
    private static List<CompletableFuture<AppendResult>> appendAll(RemoteEventStore client, int from, int count) {
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            appends.add(client.appendAsync("async-" + i % STREAMS, ExpectedVersion.exactly(i / STREAMS - 1L),
                    List.of(event(i))));
        }
        return appends;
    }

    private static NewEvent event(int n) {
        return new NewEvent(UUID.randomUUID(), "Async.v1", ("{\"n\":" + n + "}").getBytes(UTF_8), Metadata.empty());
    }

    private static List<NewEvent> events(int n) {
        return List.of(event(n));
    }
}
