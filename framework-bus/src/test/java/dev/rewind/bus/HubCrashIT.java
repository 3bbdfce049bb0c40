package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the hub in a child JVM on an embedded store, SIGKILLs it twice while a client appends and a subscriber follows,
 * and restarts it on the same store and ports: the subscriber must get every acknowledged event exactly once, in
 * order.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(900)
class HubCrashIT {

    private static final int EVENTS = 1_500;
    private static final int KILLS = 2;

    @Test
    void a_subscriber_gets_every_acknowledged_event_once_in_order_across_hub_kills(@TempDir Path folder)
            throws Exception {
        // given
        String bind = "tcp://127.0.0.1:" + freePort();
        String publish = "tcp://127.0.0.1:" + freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HubMain.class.getName(),
                "--store", "embedded:" + folder.resolve("data"), "--bind", bind, "--publish", publish);
        Process hub = startHub(command);
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        List<RecordedEvent> received = new CopyOnWriteArrayList<>();
        AtomicInteger appended = new AtomicInteger();
        List<Throwable> problems = new CopyOnWriteArrayList<>();
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(bind, publish)
                .withRequestTimeout(Duration.ofSeconds(2)));
                Subscription subscription = client.subscribe(1, EventFilter.all(), received::addAll)) {
            Thread appender = new Thread(() -> appendAll(client, EVENTS, new AtomicBoolean(),
                    acknowledged, appended, problems), "appender");
            appender.start();
            // when: the hub is killed twice while appends go on, and restarted on the same store and ports
            for (int kill = 1; kill <= KILLS; kill++) {
                int target = kill * EVENTS / (KILLS + 1);
                // a generous hang guard: on an overloaded machine a restarted hub can take a minute to open H2
                Await.until(() -> appended.get() >= target || !problems.isEmpty(), Duration.ofSeconds(240),
                        target + " appends, at " + appended);
                assertThat(problems).as("the appender's failures").isEmpty();
                hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                hub = startHub(command);
            }
            appender.join(300_000);
            assertThat(appender.isAlive()).as("the appender still running after 300 s").isFalse();
            // then
            assertThat(problems).isEmpty();
            assertThat(acknowledged).hasSize(EVENTS);
            long head = client.headPosition();
            Await.until(() -> received.size() >= head, Duration.ofSeconds(30),
                    "the subscriber to reach position " + head + ", at " + received.size());
            assertThat(subscription.isRunning()).isTrue();
        } finally {
            hub.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<Long> positions = received.stream().map(RecordedEvent::globalPosition).toList();
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).as("position of delivery " + i).isEqualTo(i + 1L);
        }
        Map<UUID, Long> delivered = new ConcurrentHashMap<>();
        received.forEach(event -> delivered.put(event.eventId(), event.globalPosition()));
        assertThat(delivered).hasSameSizeAs(received).containsAllEntriesOf(acknowledged);
    }

    /**
     * Appends {@code count} single events, or fewer if {@code stop} is set first; one that fails is re-sent with the
     * same id until acknowledged.
     */
    static void appendAll(RemoteEventStore client, int count, AtomicBoolean stop, Map<UUID, Long> acknowledged,
            AtomicInteger appended, List<Throwable> problems) {
        try {
            for (int i = 0; i < count && !stop.get(); i++) {
                NewEvent event = new NewEvent(UUID.randomUUID(), "Crash.v1", ("{\"n\":" + i + "}").getBytes(UTF_8),
                        Metadata.empty());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (true) {
                    try {
                        long position = client.append("crash-" + (i % 10), ExpectedVersion.any(), List.of(event))
                                .firstPosition();
                        acknowledged.put(event.eventId(), position);
                        appended.incrementAndGet();
                        break;
                    } catch (HubUnavailableException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                }
            }
        } catch (Throwable e) {
            problems.add(e);
        }
    }

    /** Starts a hub child JVM and returns once it prints that it serves. */
    static Process startHub(List<String> command) throws IOException, InterruptedException {
        return ChildProcesses.start(command, "rewind-hub: serving");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
