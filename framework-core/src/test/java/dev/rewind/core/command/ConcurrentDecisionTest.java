package dev.rewind.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class ConcurrentDecisionTest {

    /** Two deposits that both load version 0 before either saves: the barrier forces the race every time. */
    private static BoundedContext racingBank(CyclicBarrier bothLoaded, AtomicInteger decisions) {
        return BoundedContext.define("bank", context -> {
            context.events(dev.rewind.core.bank.BankDomainTest.EVENTS);
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
    void two_threads_deciding_on_the_same_aggregate_never_lose_an_update() throws Exception {
        // given
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        AtomicInteger decisions = new AtomicInteger();
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore())
                .context(racingBank(bothLoaded, decisions)).build()) {
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            // when
            CompletableFuture<CommandResult> first = CompletableFuture.supplyAsync(
                    () -> rewind.commands().send(new Deposit("acc-1", 100)));
            CompletableFuture<CommandResult> second = CompletableFuture.supplyAsync(
                    () -> rewind.commands().send(new Deposit("acc-1", 50)));
            // then
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            List<RecordedEvent> stream = rewind.store().readStream("account-acc-1");
            assertThat(stream).hasSize(3);
            Object last = rewind.serializer().deserialize(stream.get(2));
            assertThat(((MoneyDeposited) last).newBalance()).isEqualTo(150);
            assertThat(decisions.get()).isEqualTo(3);
        }
    }

    @Test
    void without_retries_the_loser_gets_a_conflict_naming_the_stream_and_nothing_is_lost() throws Exception {
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        AtomicInteger decisions = new AtomicInteger();
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).maxAttempts(1)
                .context(racingBank(bothLoaded, decisions)).build()) {
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            CompletableFuture<CommandResult> first = rewind.commands().sendAsync(new Deposit("acc-1", 100));
            CompletableFuture<CommandResult> second = rewind.commands().sendAsync(new Deposit("acc-1", 50));
            int conflicts = 0;
            for (CompletableFuture<CommandResult> outcome : List.of(first, second)) {
                try {
                    outcome.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CommandConflictException.class)
                            .hasMessageContaining("account-acc-1").hasMessageContaining("1 attempts");
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(1);
            assertThat(rewind.store().readStream("account-acc-1")).hasSize(2);
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
