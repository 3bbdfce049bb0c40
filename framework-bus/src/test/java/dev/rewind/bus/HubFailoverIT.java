package dev.rewind.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hub processes on one PostgreSQL schema, a writer and a subscriber that know both: each hub is killed with
 * SIGKILL in turn while the writer appends, and restarted; in the second test PostgreSQL itself restarts under that
 * load, and then each hub is killed once more. No acknowledged append may be lost or stored twice, and the subscriber
 * must see every event once, in order.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(600)
class HubFailoverIT {

    private static final int KILLS = 10;
    private static final int EVENTS_PER_ROUND = 150;

    private final List<Process> hubs = new ArrayList<>(Arrays.asList(null, null));
    private String schema;

    @AfterEach
    void stop() throws Exception {
        for (Process hub : hubs) {
            if (hub != null) {
                hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (schema != null) {
            PostgresSchemas.drop(schema);
        }
    }

    @Test
    void killing_each_hub_in_turn_loses_and_doubles_nothing() throws Exception {
        disruptRounds(KILLS, null);
    }

    @Test
    void restarting_postgresql_under_load_loses_and_doubles_nothing_and_the_hubs_serve_on() throws Exception {
        // round 1 restarts PostgreSQL, rounds 2 and 3 kill each hub once after it is back
        disruptRounds(3, PostgresRestart.find());
    }

    /**
     * Runs the writer and the subscriber through {@code rounds} disruptions: in each, once the writer got further, a
     * hub is killed and restarted (each in turn), or in round 1, when {@code postgres} is given, PostgreSQL restarts;
     * then checks that nothing acknowledged was lost or doubled and that the subscriber saw each event once in order.
     */
    private void disruptRounds(int rounds, PostgresRestart postgres) throws Exception {
        // given
        schema = PostgresSchemas.create();
        List<List<String>> commands = new ArrayList<>();
        List<HubAddress> addresses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HubAddress address = new HubAddress("tcp://127.0.0.1:" + HubCrashIT.freePort(),
                    "tcp://127.0.0.1:" + HubCrashIT.freePort());
            addresses.add(address);
            commands.add(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), HubMain.class.getName(), "--store",
                    PostgresSchemas.store(schema), "--bind", address.requests(), "--publish", address.events()));
            hubs.set(i, HubCrashIT.startHub(commands.get(i)));
        }
        RemoteStoreConfig config = RemoteStoreConfig.of(addresses).withRequestTimeout(Duration.ofSeconds(60))
                .withFailoverAfter(Duration.ofMillis(700));
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        List<RecordedEvent> received = new CopyOnWriteArrayList<>();
        AtomicInteger appended = new AtomicInteger();
        List<Throwable> problems = new CopyOnWriteArrayList<>();
        int total = (rounds + 1) * EVENTS_PER_ROUND;
        // the subscriber starts on the other hub, so it also gets events that hub did not append
        try (RemoteEventStore writer = RemoteEventStore.connect(config);
                RemoteEventStore reader = RemoteEventStore.connect(config.withHubs(List.of(addresses.get(1),
                        addresses.get(0))));
                Subscription subscription = reader.subscribe(1, EventFilter.all(), received::addAll)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread appender = new Thread(() -> HubCrashIT.appendAll(writer, Integer.MAX_VALUE, stop, acknowledged,
                    appended, problems), "writer");
            appender.start();
            // when: each hub in turn is killed under load and restarted once the writer got further
            for (int round = 1; round <= rounds; round++) {
                int target = round * EVENTS_PER_ROUND;
                Await.until(() -> appended.get() >= target || !problems.isEmpty(), Duration.ofSeconds(120),
                        target + " appends, at " + appended);
                assertThat(problems).as("the writer's failures").isEmpty();
                int victim = round % 2;
                boolean restartPostgres = postgres != null && round == 1;
                if (restartPostgres) {
                    postgres.restart(Duration.ofSeconds(60));
                } else {
                    hubs.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                int before = appended.get();
                try {
                    Await.until(() -> appended.get() >= before + 20 || !problems.isEmpty(), Duration.ofSeconds(60),
                            "appends after " + (restartPostgres ? "PostgreSQL restarted" : "kill " + round));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; the writer is at " + List.of(appender.getStackTrace()),
                            e);
                }
                if (!restartPostgres) {
                    hubs.set(victim, HubCrashIT.startHub(commands.get(victim)));
                }
            }
            Await.until(() -> appended.get() >= total || !problems.isEmpty(), Duration.ofSeconds(120),
                    total + " appends, at " + appended);
            stop.set(true);
            appender.join(120_000);
            assertThat(appender.isAlive()).as("the writer still running after 120 s").isFalse();
            // then
            assertThat(problems).isEmpty();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(total);
            long head = writer.headPosition();
            assertThat(head).as("events stored, each once").isEqualTo(acknowledged.size());
            Await.until(() -> received.size() >= head, Duration.ofSeconds(60),
                    "the subscriber to reach position " + head + ", at " + received.size());
            assertThat(subscription.isRunning()).isTrue();
            List<RecordedEvent> stored = writer.readAll(1, (int) head + 10, EventFilter.all());
            Set<UUID> storedIds = new HashSet<>();
            stored.forEach(event -> storedIds.add(event.eventId()));
            assertThat(storedIds).as("no event id stored twice").hasSize(stored.size());
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i).globalPosition()).as("position of delivery " + i).isEqualTo(i + 1L);
        }
        Map<UUID, Long> delivered = new ConcurrentHashMap<>();
        received.forEach(event -> delivered.put(event.eventId(), event.globalPosition()));
        assertThat(delivered).hasSameSizeAs(received).containsAllEntriesOf(acknowledged);
    }
}
