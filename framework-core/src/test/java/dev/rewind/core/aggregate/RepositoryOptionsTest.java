package dev.rewind.core.aggregate;

import dev.rewind.core.internal.aggregate.InMemorySnapshotStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.AccountOpened;
import dev.rewind.core.bank.BankDomainTest.BankEvent;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.MoneyWithdrawn;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.context.AggregateRegistration;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Snapshots and the aggregate cache change speed only: the same scenario gives the same outcomes with or without. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RepositoryOptionsTest {

    /** The balance, captured for snapshots. */
    record BalanceState(long balance) {
    }

    static Stream<Arguments> options() {
        return Stream.of(
                Arguments.of("plain", 0, false),
                Arguments.of("cache", 3, false),
                Arguments.of("snapshots", 0, true),
                Arguments.of("cache and snapshots", 3, true));
    }

    /** The bank account again, with what snapshots need: a way to read and restore its state. */
    static final class Account extends AggregateRoot<String, BankEvent> {
        private long balance;

        void deposit(long cents) {
            raise(new MoneyDeposited(id(), cents, balance + cents));
        }

        void withdraw(long cents) {
            if (balance - cents < 0) {
                throw new IllegalStateException("balance " + balance + " is less than " + cents);
            }
            raise(new MoneyWithdrawn(id(), cents, balance - cents));
        }

        BalanceState capture() {
            return new BalanceState(balance);
        }

        void restore(BalanceState state) {
            balance = state.balance();
        }

        @Override
        protected void apply(BankEvent event) {
            if (event instanceof MoneyDeposited e) {
                balance = e.newBalance();
            } else if (event instanceof MoneyWithdrawn e) {
                balance = e.newBalance();
            }
        }
    }

    private static BoundedContext bank(boolean snapshots) {
        return BoundedContext.define("bank", context -> {
            context.events(BankDomainTest.EVENTS);
            AggregateRegistration<String, Account> account = context.aggregate(Account.class, "account",
                    Account::new, (String id) -> id);
            if (snapshots) {
                account.snapshots(new SnapshotPolicy<>(4, BalanceState.class, Account::capture, Account::restore));
            }
            account.onNew(OpenAccount.class, OpenAccount::accountId, c -> opened(c))
                    .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(c.amountCents()))
                    .onExisting(Withdraw.class, Withdraw::accountId, (a, c) -> a.withdraw(c.amountCents()));
        });
    }

    private static Account opened(OpenAccount command) {
        Account account = new Account();
        account.raise(new AccountOpened(command.accountId(), command.owner()));
        return account;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void the_same_commands_give_the_same_outcomes(String name, int cacheSize, boolean snapshots) {
        List<String> expected = run(0, false, null);
        List<String> actual = run(cacheSize, snapshots, null);
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}, with a second writer on the same store")
    @MethodSource("options")
    void a_second_writer_on_the_same_store_never_makes_a_cached_aggregate_decide_on_stale_state(String name,
            int cacheSize, boolean snapshots) {
        List<String> expected = run(0, false, new InMemoryEventStore());
        List<String> actual = run(cacheSize, snapshots, new InMemoryEventStore());
        assertThat(actual).isEqualTo(expected);
    }

    /** Runs a fixed random scenario; with a shared store, every third command goes through a second runtime. */
    private List<String> run(int cacheSize, boolean snapshots, EventStore shared) {
        EventStore store = shared == null ? new InMemoryEventStore() : shared;
        InMemorySnapshotStore snapshotStore = new InMemorySnapshotStore();
        RepositoryOptions options = new RepositoryOptions(snapshotStore, cacheSize);
        List<String> outcomes = new ArrayList<>();
        try (Rewind main = runtime(store, snapshots, options); Rewind second = runtime(store, snapshots, options)) {
            Random random = new Random(42);
            for (int i = 0; i < 5; i++) {
                main.commands().send(new OpenAccount("acc-" + i, "owner"));
            }
            for (int k = 0; k < 400; k++) {
                Rewind via = shared != null && k % 3 == 0 ? second : main;
                String account = "acc-" + random.nextInt(5);
                long amount = 1 + random.nextInt(100);
                Object command = random.nextInt(3) == 0 ? new Withdraw(account, amount) : new Deposit(account, amount);
                try {
                    outcomes.add(via.commands().send(command).toString());
                } catch (RuntimeException rejected) {
                    outcomes.add(rejected.getClass().getSimpleName() + ": " + rejected.getMessage());
                }
            }
            assertThat(snapshotStore.load("account-acc-0")).as("a snapshot was taken").matches(
                    snapshot -> snapshot.isPresent() == snapshots);
            for (RecordedEvent event : store.readAll(1, Integer.MAX_VALUE)) {
                outcomes.add(event.streamId() + "@" + event.streamVersion() + " " + new String(event.data()));
            }
        }
        return outcomes;
    }

    private static Rewind runtime(EventStore store, boolean snapshots, RepositoryOptions options) {
        return Rewind.builder().store(store).closeStoreOnClose(false).repositoryOptions(options)
                .context(bank(snapshots)).build();
    }
}
