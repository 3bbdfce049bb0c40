package dev.rewind.eventstore.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.testing.ProjectorFixture;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.EventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read models wired the ways the guide shows: a JDBC projector registered once by class (Guice or plain code), the
 * instance the application queries being the one that runs, an in-memory projector on a durable store, and the
 * projector fixture on a test database.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadModelWiringTest {

    @TempDir
    Path folder;

    private static Optional<Long> balance(TestBank.BalancesProjector projector, String account) {
        return projector.queries().first("SELECT cents FROM test_balances WHERE account = ?", row -> row.getLong(1),
                account);
    }

    @Test
    void with_guice_the_projector_registered_by_class_is_the_instance_the_application_injects() {
        Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:" + folder),
                new TestBank.BankModule());
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            long position = rewind.commands().send(new TestBank.OpenAccount("acc-1")).position();
            rewind.commands().send(new TestBank.Deposit("acc-1", 40));
            assertThat(rewind.projections().awaitPosition(position + 1, Duration.ofSeconds(20))).isTrue();

            TestBank.BalancesProjector injected = injector.getInstance(TestBank.BalancesProjector.class);

            assertThat(balance(injected, "acc-1")).contains(40L);
            assertThat(rewind.projections().status("balances").position()).isEqualTo(position + 1);
        }
    }

    @Test
    void with_plain_code_the_backend_makes_the_projector_and_it_creates_its_table() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
                Rewind rewind = backend.runtime().context(new TestBank.BankModule().describe()).build().start()) {
            rewind.commands().send(new TestBank.OpenAccount("acc-1"));
            long position = rewind.commands().send(new TestBank.Deposit("acc-1", 25)).position();

            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(20))).isTrue();
            assertThat(new SqlQueries(backend.dataSource().orElseThrow()).first(
                    "SELECT cents FROM test_balances WHERE account = ?", row -> row.getLong(1), "acc-1"))
                    .contains(25L);
        }
    }

    /** Keeps balances in memory only. */
    static final class MemoryBalances extends Projector {
        final Map<String, Long> byAccount = new ConcurrentHashMap<>();

        MemoryBalances() {
            super("memory-balances");
            on(TestBank.MoneyDeposited.class, e -> byAccount.put(e.accountId(), e.newBalance()));
        }
    }

    private static BoundedContext withMemoryBalances(MemoryBalances projector) {
        return BoundedContext.define("memory", context -> context.projector(projector));
    }

    @Test
    void an_in_memory_projector_on_a_durable_store_replays_from_the_first_event_after_a_restart() {
        long position;
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
                Rewind rewind = backend.runtime().context(new TestBank.BankModule().describe())
                        .context(withMemoryBalances(new MemoryBalances())).build().start()) {
            rewind.commands().send(new TestBank.OpenAccount("acc-1"));
            position = rewind.commands().send(new TestBank.Deposit("acc-1", 70)).position();
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(20))).isTrue();
        }
        MemoryBalances afterRestart = new MemoryBalances();
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
                Rewind rewind = backend.runtime().context(new TestBank.BankModule().describe())
                        .context(withMemoryBalances(afterRestart)).build().start()) {
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(20))).isTrue();

            assertThat(afterRestart.byAccount).containsEntry("acc-1", 70L);
            assertThat(backend.checkpoints().load("memory-balances")).as("nothing durable kept for it").isZero();
        }
    }

    @Test
    void the_projector_fixture_runs_a_jdbc_projector_on_a_test_database() {
        ProjectorFixture.of(new TestBank.BalancesProjector(EventStores.testDatabase()))
                .given(new TestBank.AccountOpened("acc-1"), new TestBank.MoneyDeposited("acc-1", 5, 5))
                .given(new TestBank.MoneyDeposited("acc-1", 3, 8))
                .thenState(projector -> balance(projector, "acc-1"), Optional.of(8L));
    }
}
