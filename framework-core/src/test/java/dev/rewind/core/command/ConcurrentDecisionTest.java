package dev.rewind.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands to one aggregate: inside a JVM they take turns, so no caller ever sees a conflict; between processes
 * (here: two runtimes on one store, each with its own turn-taking) a conflict is retried from a fresh load.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class ConcurrentDecisionTest {

    /** Two deposits that both load version 0 before either saves: the barrier forces the race every time. */
    private static BoundedContext racingBank(CyclicBarrier bothLoaded, AtomicInteger decisions) {
        return BoundedContext.define("bank", context -> {
            context.events(BankDomainTest.EVENTS);
            context.aggregate(BankAccount.class, "account", BankAccount::new, (String id) -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> open(c))
                    .onExisting(Deposit.class, Deposit::accountId, (account, c) -> {
                        if (decisions.incrementAndGet() <= 2) {
                            await(bothLoaded);
                        }
                        deposit(account, c);
                    });
        });
    }

    @Test
    void eight_threads_sending_a_thousand_commands_each_to_one_aggregate_all_succeed_without_a_retry()
            throws Exception {
        // given: no retries at all, so a single in-process conflict would fail a command; the cache only spares
        // folding the whole stream again per command
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).maxAttempts(1)
                .repositoryOptions(RepositoryOptions.DEFAULTS.withCacheSize(4))
                .context(BankDomainTest.bank()).build().start()) {
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                // when
                List<Future<?>> senders = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    senders.add(threads.submit(() -> {
                        for (int i = 0; i < 1_000; i++) {
                            rewind.commands().send(new Deposit("acc-1", 1));
                        }
                    }));
                }
                // then
                for (Future<?> sender : senders) {
                    sender.get(50, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            List<RecordedEvent> stream = rewind.store().readStream("account-acc-1");
            assertThat(stream).hasSize(8_001);
            MoneyDeposited last = (MoneyDeposited) rewind.serializer().deserialize(stream.get(8_000));
            assertThat(last.newBalance()).isEqualTo(8_000);
        }
    }

    @Test
    void two_processes_racing_on_one_aggregate_are_retried_from_a_fresh_load_and_both_succeed() throws Exception {
        // given: two runtimes on one store stand for two processes; each takes turns only within itself
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        AtomicInteger decisions = new AtomicInteger();
        InMemoryEventStore store = new InMemoryEventStore();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try (Rewind first = Rewind.builder().store(store).context(racingBank(bothLoaded, decisions)).build();
                Rewind second = Rewind.builder().store(store).context(racingBank(bothLoaded, decisions)).build()) {
            first.commands().send(new OpenAccount("acc-1", "Ada"));
            // when
            CompletableFuture<CommandResult> one = first.commands().sendAsync(new Deposit("acc-1", 100));
            CompletableFuture<CommandResult> two = second.commands().sendAsync(new Deposit("acc-1", 50));
            // then
            one.get(10, TimeUnit.SECONDS);
            two.get(10, TimeUnit.SECONDS);
            List<RecordedEvent> stream = store.readStream("account-acc-1");
            assertThat(stream).hasSize(3);
            Object last = first.serializer().deserialize(stream.get(2));
            assertThat(((MoneyDeposited) last).newBalance()).isEqualTo(150);
            assertThat(decisions.get()).isEqualTo(3);
            assertThat(meters.get("rewind.command.conflicts").tag("aggregate", "account").counter().count())
                    .isEqualTo(1);
            assertThat(meters.get("rewind.commands").tag("command", "Deposit").tag("outcome", "ok").timer().count())
                    .isEqualTo(2);
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void without_retries_the_losing_process_gets_a_conflict_naming_the_stream_and_nothing_is_lost() throws Exception {
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        AtomicInteger decisions = new AtomicInteger();
        InMemoryEventStore store = new InMemoryEventStore();
        try (Rewind first = Rewind.builder().store(store).maxAttempts(1)
                        .context(racingBank(bothLoaded, decisions)).build();
                Rewind second = Rewind.builder().store(store).maxAttempts(1)
                        .context(racingBank(bothLoaded, decisions)).build()) {
            first.commands().send(new OpenAccount("acc-1", "Ada"));
            CompletableFuture<CommandResult> one = first.commands().sendAsync(new Deposit("acc-1", 100));
            CompletableFuture<CommandResult> two = second.commands().sendAsync(new Deposit("acc-1", 50));
            int conflicts = 0;
            for (CompletableFuture<CommandResult> outcome : List.of(one, two)) {
                try {
                    outcome.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CommandConflictException.class)
                            .hasMessageContaining("account-acc-1").hasMessageContaining("1 attempts");
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(1);
            assertThat(store.readStream("account-acc-1")).hasSize(2);
        }
    }

    @Test
    void a_creating_command_answers_the_new_id_and_a_returning_decision_answers_what_it_returns() {
        BoundedContext bank = BoundedContext.define("bank", context -> {
            context.events(BankDomainTest.EVENTS);
            context.aggregate(BankAccount.class, "account", BankAccount::new, (String id) -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> open(c))
                    .onExistingReturning(Deposit.class, Deposit::accountId, (account, c) -> {
                        deposit(account, c);
                        return "deposited " + c.amountCents();
                    });
        });
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(bank).build()) {
            CommandResult opened = rewind.commands().send(new OpenAccount("acc-7", "Ada"));
            CommandResult deposited = rewind.commands().send(new Deposit("acc-7", 30));

            assertThat(opened.value(String.class)).isEqualTo("acc-7");
            assertThat(deposited.value(String.class)).isEqualTo("deposited 30");
            assertThat(deposited.eventCount()).isEqualTo(1);
        }
    }

    private static BankAccount open(OpenAccount c) {
        return BankAccount.open(c.accountId(), c.owner());
    }

    private static void deposit(BankAccount account, Deposit c) {
        account.deposit(c.amountCents());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other command never loaded the aggregate", e);
        }
    }
}
