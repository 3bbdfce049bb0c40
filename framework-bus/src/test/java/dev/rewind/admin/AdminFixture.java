package dev.rewind.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.projection.ErrorPolicy;
import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application to administer: an in-memory store with account streams, a projector {@code sums} that fails on
 * the {@code poison} account while {@link #broken} is set, a projector {@code counts}, and an admin server on a free
 * loopback port with the token {@link #TOKEN}, which rebuilds {@code sums} into {@code sums-v2}, {@code sums-v3}...
 */
final class AdminFixture implements AutoCloseable {

    static final String TOKEN = "test-admin-token-0123";

    record Added(String key, long amount) {
    }

    private static final EventTypes TYPES = EventTypes.builder().add("Added.v1", Added.class).build();

    /** Sums amounts per key; fails on the poison key while broken. */
    static final class Sums extends Projector {
        final Map<String, Long> sums = new ConcurrentHashMap<>();
        private final AtomicBoolean broken;

        Sums(String name, AtomicBoolean broken) {
            super(name);
            this.broken = broken;
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

    /** Counts events. */
    static final class Counts extends Projector {
        final AtomicInteger count = new AtomicInteger();

        Counts() {
            super("counts");
            on(Added.class, e -> count.incrementAndGet());
        }
    }

    final InMemoryEventStore store = new InMemoryEventStore();
    final AtomicBoolean broken = new AtomicBoolean();
    final ProjectionRunner runner;
    final AdminServer admin;
    private final AtomicInteger generation = new AtomicInteger(1);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminFixture(boolean withToken) {
        runner = new ProjectionRunner(store, new JacksonEventSerializer(TYPES), TYPES, new InMemoryCheckpointStore(),
                List.of(new Sums("sums", broken), new Counts()));
        runner.start();
        admin = AdminServer.builder().store(store).projections(runner).port(0).token(withToken ? TOKEN : null)
                .replacements(name -> name.equals("sums")
                        ? Optional.of(new Sums("sums-v" + generation.incrementAndGet(), broken))
                        : Optional.empty())
                .start();
    }

    void add(String key, long amount) {
        store.append("account-" + key, ExpectedVersion.any(), List.of(NewEvent.of("Added.v1",
                ("{\"key\":\"" + key + "\",\"amount\":" + amount + "}").getBytes(UTF_8))));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return admin.uri().resolve(path);
    }

    @Override
    public void close() {
        admin.close();
        runner.close();
        store.close();
    }
}
