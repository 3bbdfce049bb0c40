package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.EventTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads of one JVM sending commands to one aggregate, on the durable backends: every command succeeds (no
 * retries are allowed, so a single in-process conflict would fail one) and the stream holds every change in turn.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(180)
class ConcurrentCommandsTest {

    record Start(String id) {
    }

    record Add(String id) {
    }

    record Started(String id) {
    }

    record Added(long total) {
    }

    static final class Counter extends AggregateRoot<String, Object> {
        private long total;

        static Counter start(String id) {
            Counter counter = new Counter();
            counter.raise(new Started(id));
            return counter;
        }

        void add() {
            raise(new Added(total + 1));
        }

        @Override
        protected void apply(Object event) {
            if (event instanceof Added added) {
                total = added.total();
            }
        }
    }

    private static final BoundedContext COUNTERS = BoundedContext.define("counters", context -> {
        context.events(EventTypes.builder().add("Started.v1", Started.class).add("Added.v1", Added.class).build());
        context.aggregate(Counter.class, "counter", Counter::new, (String id) -> id)
                .onNew(Start.class, Start::id, c -> Counter.start(c.id()))
                .onExisting(Add.class, Add::id, (counter, c) -> counter.add());
    });

    /**
     * The 8,000-command cases keep loaded aggregates cached: without a cache or snapshots, each command folds the
     * whole stream again, which makes a stream this long slow to test, not wrong.
     */
    private static final RepositoryOptions WITH_CACHE = RepositoryOptions.DEFAULTS.withCacheSize(16);

    @Test
    void eight_threads_times_a_thousand_commands_to_one_aggregate_on_the_embedded_store(@TempDir Path folder)
            throws Exception {
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            sendConcurrently(store, 8, 1_000, WITH_CACHE);
        }
    }

    @Test
    void five_threads_to_one_aggregate_on_the_embedded_store(@TempDir Path folder) throws Exception {
        try (EventStore store = EventStores.open("embedded:" + folder)) {
            sendConcurrently(store, 5, 200, RepositoryOptions.DEFAULTS);
        }
    }

    @Test
    void eight_threads_times_a_thousand_commands_to_one_aggregate_on_postgresql() throws Exception {
        PostgresTestDatabase.assumeAvailable();
        String schema = PostgresTestDatabase.createSchema();
        try (EventStore store = EventStores.open(PostgresTestDatabase.config(schema))) {
            sendConcurrently(store, 8, 1_000, WITH_CACHE);
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void five_threads_to_one_aggregate_on_postgresql() throws Exception {
        PostgresTestDatabase.assumeAvailable();
        String schema = PostgresTestDatabase.createSchema();
        try (EventStore store = EventStores.open(PostgresTestDatabase.config(schema))) {
            sendConcurrently(store, 5, 200, RepositoryOptions.DEFAULTS);
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private static void sendConcurrently(EventStore store, int threads, int perThread, RepositoryOptions options)
            throws Exception {
        try (Rewind rewind = Rewind.builder().store(store).closeStoreOnClose(false).maxAttempts(1)
                .repositoryOptions(options).context(COUNTERS).build().start()) {
            rewind.commands().send(new Start("c-1"));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    senders.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            rewind.commands().send(new Add("c-1"));
                        }
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get(150, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<RecordedEvent> stream = store.readStream("counter-c-1");
            int commands = threads * perThread;
            assertThat(stream).hasSize(commands + 1);
            assertThat(((Added) rewind.serializer().deserialize(stream.get(commands))).total()).isEqualTo(commands);
        }
    }
}
