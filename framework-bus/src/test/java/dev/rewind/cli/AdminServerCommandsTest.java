package dev.rewind.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.admin.AdminServer;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.projection.ErrorPolicy;
import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.ProjectionState;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.spi.CheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The online commands against a real admin server on loopback, serving a store and its projectors. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class AdminServerCommandsTest {

    private static final String TOKEN = "cli-test-token-0123";

    record Added(String key, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Added.v1", Added.class).build();

    /** Sums amounts per key; fails on the key "poison" while broken. */
    static final class Sums extends Projector {
        final Map<String, Long> sums = new ConcurrentHashMap<>();

        Sums(String name, AtomicBoolean broken) {
            super(name);
            on(Added.class, e -> {
                if (broken.get() && e.key().equals("poison")) {
                    throw new IllegalArgumentException("cannot add to poison");
                }
                sums.merge(e.key(), e.amount(), Long::sum);
            });
        }

        @Override
        public ErrorPolicy errorPolicy() {
            return new ErrorPolicy(1, Duration.ofMillis(1));
        }
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final AtomicInteger generation = new AtomicInteger(1);
    private ProjectionRunner runner;
    private AdminServer admin;
    private String url;

    @BeforeEach
    void start() {
        runner = new ProjectionRunner(store, new JacksonEventSerializer(TYPES), TYPES, CheckpointStore.inMemory(),
                List.of(new Sums("sums", broken)));
        runner.start();
        admin = AdminServer.builder().store(store).projections(runner).port(0).token(TOKEN)
                .replacements(name -> Optional.of(new Sums("sums-v" + generation.incrementAndGet(), broken)))
                .start();
        url = "http://127.0.0.1:" + admin.port();
        for (int i = 0; i < 20; i++) {
            add("acc-" + (i % 4), i);
        }
    }

    @AfterEach
    void stop() {
        admin.close();
        runner.close();
        store.close();
    }

    @Test
    void a_failed_projector_shows_where_it_failed_and_skip_moves_it_on() throws Exception {
        // given: sums failing at the poison event
        broken.set(true);
        long poison = add("poison", 1);
        awaitState(ProjectionState.FAILED);
        Cli list = Cli.run("projectors", "--url", url);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("FAILED AT");
        assertThat(list.lines()).anyMatch(line -> line.startsWith("sums") && line.contains("FAILED")
                && line.contains(" " + poison + " ") && line.contains("cannot add to poison"));
        // when
        Cli skip = Cli.run("projector", "skip", "sums", "--position", "" + poison, "--reason", "a test poison",
                "--url", url, "--token", TOKEN);
        // then
        assertThat(skip.exitCode()).as(skip.err()).isZero();
        awaitState(ProjectionState.LIVE);
        Cli wrong = Cli.run("projector", "restart", "sums", "--url", url, "--token", "not-the-token-at-all");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.TOKEN_REFUSED);
        Cli unknown = Cli.run("projector", "restart", "nosuch", "--url", url, "--token", TOKEN);
        assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(ExitCodes.PROBLEM);
    }

    @Test
    void restart_retries_and_rebuild_waits_until_the_rebuilt_projector_serves() throws Exception {
        broken.set(true);
        add("poison", 1);
        awaitState(ProjectionState.FAILED);
        broken.set(false);
        Cli restart = Cli.run("projector", "restart", "sums", "--url", url, "--token", TOKEN);
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        awaitState(ProjectionState.LIVE);
        Cli rebuild = Cli.run("projector", "rebuild", "sums", "--wait", "--url", url, "--token", TOKEN);
        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        assertThat(rebuild.lines().get(0)).startsWith("Rebuilding projector sums into sums-v2: ");
        assertThat(rebuild.lines().get(rebuild.lines().size() - 1)).startsWith("Rebuild done: ")
                .endsWith("the rebuilt projector serves now.");
    }

    @Test
    void stats_read_and_tail_ask_the_application() {
        Cli stats = Cli.run("stats", "--url", url);
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("headPosition: 20");
        Cli read = Cli.run("read", "acc-1", "--url", url);
        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(read.lines()).hasSize(5).allMatch(line -> line.contains("acc-1 @"));
        assertThat(read.lines().get(0)).startsWith("#2  acc-1 @0  Added.v1")
                .endsWith("{\"key\":\"acc-1\",\"amount\":1}");
        Cli log = Cli.run("read", "--log", "--from", "18", "--url", url);
        assertThat(log.lines()).hasSize(3).first().asString().startsWith("#18 ");
        Cli tail = Cli.run("tail", "--url", url, "--from", "19", "--count", "2");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.lines()).hasSize(2);
        assertThat(tail.lines().get(0)).startsWith("#19 ");
        assertThat(tail.lines().get(1)).startsWith("#20 ");
    }

    private long add(String key, long amount) {
        return store.append("acc-" + key.replace("acc-", ""), ExpectedVersion.any(), List.of(NewEvent.of("Added.v1",
                ("{\"key\":\"" + key + "\",\"amount\":" + amount + "}").getBytes(UTF_8)))).lastPosition();
    }

    private void awaitState(ProjectionState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runner.status("sums").state() != state && System.nanoTime() < deadline) {
            runner.awaitPosition(store.headPosition(), Duration.ofMillis(50));
        }
        assertThat(runner.status("sums").state()).isEqualTo(state);
    }
}
