package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.spi.SnapshotStore;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The aggregate cache on PostgreSQL with two stores (two pools, standing in for two processes) writing the same
 * aggregates: a cached aggregate never decides on state another process has moved past.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class PostgresAggregateCacheTest {

    record Deposit(String accountId, long cents) {
    }

    record Withdraw(String accountId, long cents) {
    }

    record Open(String accountId) {
    }

    sealed interface AccountEvent permits Opened, Moved {
    }

    record Opened(String accountId) implements AccountEvent {
    }

    record Moved(String accountId, long cents, long newBalance) implements AccountEvent {
    }

    static final class Account extends AggregateRoot<String, AccountEvent> {
        private long balance;

        static Account open(String id) {
            Account account = new Account();
            account.raise(new Opened(id));
            return account;
        }

        void move(long cents) {
            if (balance + cents < 0) {
                throw new IllegalStateException("balance " + balance + " cannot pay " + -cents);
            }
            raise(new Moved(id(), cents, balance + cents));
        }

        @Override
        protected void apply(AccountEvent event) {
            if (event instanceof Moved e) {
                balance = e.newBalance();
            }
        }
    }

    private static final BoundedContext BANK = BoundedContext.define("bank", context -> {
        context.events(EventTypes.of(Map.of("Opened.v1", Opened.class, "Moved.v1", Moved.class)));
        context.aggregate(Account.class, "account", Account::new, (String id) -> id)
                .onNew(Open.class, Open::accountId, c -> Account.open(c.accountId()))
                .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.move(c.cents()))
                .onExisting(Withdraw.class, Withdraw::accountId, (a, c) -> a.move(-c.cents()));
    });

    private final List<String> schemas = new ArrayList<>();

    @BeforeEach
    void requirePostgres() {
        PostgresTestDatabase.assumeAvailable();
    }

    @AfterEach
    void dropSchemas() {
        schemas.forEach(PostgresTestDatabase::dropSchema);
    }

    private String freshConfig() {
        String schema = PostgresTestDatabase.createSchema();
        schemas.add(schema);
        return PostgresTestDatabase.config(schema);
    }

    private static Rewind runtime(EventStore store, int cacheSize) {
        // conflicts between the two processes are retried from a fresh load; enough attempts that none runs out
        return Rewind.builder().store(store).closeStoreOnClose(false).maxAttempts(1_000)
                .repositoryOptions(new RepositoryOptions(SnapshotStore.inMemory(), cacheSize)).context(BANK).build();
    }

    @Test
    void commands_sent_through_two_processes_give_the_same_outcomes_with_the_cache_as_without() {
        // given / when
        List<String> plain = scenario(0);
        List<String> cached = scenario(3);
        // then
        assertThat(cached).isEqualTo(plain);
    }

    /** A fixed random scenario; every third command goes through the second process. */
    private List<String> scenario(int cacheSize) {
        String config = freshConfig();
        List<String> outcomes = new ArrayList<>();
        try (EventStore first = EventStores.open(config); EventStore second = EventStores.open(config);
                Rewind one = runtime(first, cacheSize); Rewind two = runtime(second, cacheSize)) {
            Random random = new Random(7);
            for (int i = 0; i < 4; i++) {
                one.commands().send(new Open("acc-" + i));
            }
            for (int k = 0; k < 300; k++) {
                Rewind via = k % 3 == 0 ? two : one;
                String account = "acc-" + random.nextInt(4);
                long cents = 1 + random.nextInt(100);
                Object command = random.nextInt(3) == 0 ? new Withdraw(account, cents) : new Deposit(account, cents);
                try {
                    outcomes.add(via.commands().send(command).toString());
                } catch (RuntimeException refused) {
                    outcomes.add(refused.getClass().getSimpleName() + ": " + refused.getMessage());
                }
            }
            for (RecordedEvent event : first.readAll(1, Integer.MAX_VALUE)) {
                outcomes.add(event.streamId() + "@" + event.streamVersion() + " "
                        + new String(event.data(), StandardCharsets.UTF_8));
            }
        }
        return outcomes;
    }

    @Test
    void concurrent_deposits_through_two_cached_processes_keep_every_balance_exact() throws Exception {
        // given
        String config = freshConfig();
        int threads = 6;
        int depositsEach = 60;
        try (EventStore first = EventStores.open(config); EventStore second = EventStores.open(config);
                Rewind one = runtime(first, 10); Rewind two = runtime(second, 10)) {
            for (int i = 0; i < 3; i++) {
                one.commands().send(new Open("acc-" + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            // when: every thread deposits into every account, half of them through each process
            try {
                for (int t = 0; t < threads; t++) {
                    Rewind via = t % 2 == 0 ? one : two;
                    done.add(pool.submit(() -> {
                        for (int k = 0; k < depositsEach; k++) {
                            via.commands().send(new Deposit("acc-" + k % 3, 1));
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(100, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            // then: each stream is a chain of balances, each one event further, ending at the deposits it got
            for (int i = 0; i < 3; i++) {
                List<RecordedEvent> stream = second.readStream("account-acc-" + i);
                assertThat(stream).hasSize(1 + threads * depositsEach / 3);
                for (int v = 1; v < stream.size(); v++) {
                    assertThat(new String(stream.get(v).data(), StandardCharsets.UTF_8))
                            .contains("\"newBalance\":" + v + "}");
                }
            }
        }
    }
}
