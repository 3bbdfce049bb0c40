package dev.rewind.core.projection;

import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Balances;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.testing.ProjectorFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class ProjectionRunnerTest {

    /** Throws on deposits to one account, to show that a failure stops only its own projector. */
    static final class Fragile extends Projector {
        long deposits;

        Fragile() {
            super("fragile");
            on(MoneyDeposited.class, e -> {
                if (e.accountId().equals("acc-bad")) {
                    throw new IllegalArgumentException("cannot project " + e.accountId());
                }
                deposits++;
            });
        }

        @Override
        public ErrorPolicy errorPolicy() {
            return new ErrorPolicy(2, Duration.ofMillis(1));
        }
    }

    /** Balances whose read model counts as durable, so the runner keeps its checkpoint in the given store. */
    static final class DurableBalances extends Projector {
        final java.util.Map<String, Long> byAccount = new java.util.concurrent.ConcurrentHashMap<>();

        DurableBalances() {
            super("balances");
            on(dev.rewind.core.bank.BankDomainTest.MoneyDeposited.class,
                    e -> byAccount.put(e.accountId(), e.newBalance()));
        }

        @Override
        protected boolean readModelIsDurable() {
            return true;
        }
    }

    @Test
    void an_in_memory_projector_replays_from_the_first_event_whatever_the_checkpoint_store_holds() {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        checkpoints.save("balances", 2);
        Balances balances = new Balances();
        try (Rewind rewind = Rewind.builder().store(store).checkpoints(checkpoints)
                .context(BankDomainTest.bank(balances)).build().start()) {
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            long last = rewind.commands().send(new Deposit("acc-1", 100)).position();
            assertThat(rewind.projections().awaitPosition(last, Duration.ofSeconds(10))).isTrue();
            assertThat(balances.byAccount).containsEntry("acc-1", 100L);
            assertThat(checkpoints.load("balances")).as("its checkpoint is not kept in the durable store").isEqualTo(2);
        }
    }

    @Test
    void projectors_catch_up_from_their_checkpoint_then_follow_live_events() {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        try (Rewind writer = Rewind.builder().store(store).closeStoreOnClose(false)
                .context(BankDomainTest.bank()).build()) {
            writer.commands().send(new OpenAccount("acc-1", "Ada"));
            writer.commands().send(new Deposit("acc-1", 100));
        }
        checkpoints.save("balances", 1);
        DurableBalances balances = new DurableBalances();
        try (Rewind rewind = Rewind.builder().store(store).checkpoints(checkpoints)
                .context(BankDomainTest.bank(balances)).build().start()) {
            assertThat(rewind.projections().awaitPosition(2, Duration.ofSeconds(10))).isTrue();
            assertThat(balances.byAccount).containsExactly(java.util.Map.entry("acc-1", 100L));
            long last = rewind.commands().send(new Deposit("acc-1", 50)).position();
            assertThat(rewind.projections().awaitPosition(last, Duration.ofSeconds(10))).isTrue();
            assertThat(balances.byAccount.get("acc-1")).isEqualTo(150L);
            assertThat(checkpoints.load("balances")).isEqualTo(3);
            ProjectionStatus status = rewind.projections().status().get(0);
            assertThat(status).isEqualTo(new ProjectionStatus("balances", "balances", 3, 3, ProjectionState.LIVE,
                    null, 0, List.of()));
            assertThat(status.lag()).isZero();
        }
    }

    @Test
    void a_failing_projector_stops_at_the_failing_event_with_a_readable_status_and_the_others_go_on() {
        Fragile fragile = new Fragile();
        Balances balances = new Balances();
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore())
                .context(BankDomainTest.bank(fragile, balances)).build().start()) {
            rewind.commands().send(new OpenAccount("acc-bad", "Eve"));
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            rewind.projections().awaitPosition(2, Duration.ofSeconds(10));
            long bad = rewind.commands().send(new Deposit("acc-bad", 1)).position();
            long last = rewind.commands().send(new Deposit("acc-1", 7)).position();

            assertThat(rewind.projections().awaitPosition(last, Duration.ofSeconds(2))).isFalse();
            List<ProjectionStatus> statuses = rewind.projections().status();
            ProjectionStatus failed = statuses.get(0);
            assertThat(failed.state()).isEqualTo(ProjectionState.FAILED);
            assertThat(failed.position()).isEqualTo(bad - 1);
            assertThat(failed.lastError()).contains("fragile", "position " + bad, "MoneyDeposited.v1",
                    "cannot project acc-bad");
            assertThat(failed.failedAt()).isEqualTo(bad);
            ProjectionStatus healthy = statuses.get(1);
            awaitBalance(balances, 7L);
            assertThat(healthy.name()).isEqualTo("balances");
            assertThat(fragile.deposits).isZero();
        }
    }

    private static void awaitBalance(Balances balances, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Long.valueOf(expected).equals(balances.byAccount.get("acc-1"))) {
            assertThat(System.nanoTime()).as("balance of acc-1 to reach " + expected).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void the_projector_fixture_checks_a_read_model_from_given_events() {
        ProjectorFixture.of(new Balances())
                .given(new BankDomainTest.AccountOpened("acc-1", "Ada"), new MoneyDeposited("acc-1", 100, 100))
                .thenState(p -> p.byAccount.get("acc-1"), 100L);
    }
}
