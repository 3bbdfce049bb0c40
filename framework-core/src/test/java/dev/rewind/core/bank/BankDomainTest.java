package dev.rewind.core.bank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.testing.AggregateFixture;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The bank domain of the benchmark workload, written against the public API as user code would. */
public class BankDomainTest {

    public sealed interface BankEvent permits AccountOpened, MoneyDeposited, MoneyWithdrawn {}

    public record AccountOpened(String accountId, String owner) implements BankEvent {}

    public record MoneyDeposited(String accountId, long amountCents, long newBalance) implements BankEvent {}

    public record MoneyWithdrawn(String accountId, long amountCents, long newBalance) implements BankEvent {}

    public record OpenAccount(String accountId, String owner) {}

    public record Deposit(String accountId, long amountCents) {}

    public record Withdraw(String accountId, long amountCents) {}

    public static final class InsufficientFunds extends RuntimeException {
        InsufficientFunds(long balance, long amount) {
            super("balance " + balance + " is less than " + amount);
        }
    }

    public static final class BankAccount extends AggregateRoot<String, BankEvent> {
        private long balance;

        public static BankAccount open(String id, String owner) {
            BankAccount account = new BankAccount();
            account.raise(new AccountOpened(id, owner));
            return account;
        }

        public void deposit(long cents) {
            raise(new MoneyDeposited(id(), cents, balance + cents));
        }

        public void withdraw(long cents) {
            if (balance - cents < 0) {
                throw new InsufficientFunds(balance, cents);
            }
            raise(new MoneyWithdrawn(id(), cents, balance - cents));
        }

        @Override
        protected void apply(BankEvent event) {
            if (event instanceof MoneyDeposited e) {
                balance = e.newBalance();
            } else if (event instanceof MoneyWithdrawn e) {
                balance = e.newBalance();
            } else if (!(event instanceof AccountOpened)) {
                throw new IllegalStateException("Unhandled event " + event);
            }
        }
    }

    public static final class Balances extends Projector {
        public final Map<String, Long> byAccount = new ConcurrentHashMap<>();

        public Balances() {
            super("balances");
            on(AccountOpened.class, e -> byAccount.put(e.accountId(), 0L));
            on(MoneyDeposited.class, e -> byAccount.put(e.accountId(), e.newBalance()));
            on(MoneyWithdrawn.class, e -> byAccount.put(e.accountId(), e.newBalance()));
        }
    }

    public static final EventTypes EVENTS = EventTypes.builder()
            .add("AccountOpened.v1", AccountOpened.class)
            .add("MoneyDeposited.v1", MoneyDeposited.class)
            .add("MoneyWithdrawn.v1", MoneyWithdrawn.class)
            .build();

    public static BoundedContext bank(Projector... projectors) {
        return bank(BankAccount::new, projectors);
    }

    /** The bank whose empty accounts (for a load from the store) come from {@code factory}, to count loads. */
    public static BoundedContext bank(Supplier<BankAccount> factory, Projector... projectors) {
        return BoundedContext.define("bank", context -> {
            context.events(EVENTS);
            context.aggregate(BankAccount.class, "account", factory, (String id) -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> BankAccount.open(c.accountId(), c.owner()))
                    .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(c.amountCents()))
                    .onExisting(Withdraw.class, Withdraw::accountId, (a, c) -> a.withdraw(c.amountCents()));
            for (Projector projector : projectors) {
                context.projector(projector);
            }
        });
    }

    @Test
    void the_workload_end_state_holds_for_a_small_run() {
        Balances balances = new Balances();
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(bank(balances)).build().start()) {
            for (int i = 0; i < 10; i++) {
                rewind.commands().send(new OpenAccount("acc-" + i, "owner-" + i));
            }
            long last = 0;
            for (int k = 0; k < 1_000; k++) {
                last = rewind.commands().send(new Deposit("acc-" + (k % 10), 100)).position();
            }
            assertThat(last).isEqualTo(1_010);
            assertThat(rewind.projections().awaitPosition(last, Duration.ofSeconds(10))).isTrue();
            assertThat(balances.byAccount).hasSize(10).allSatisfy((id, cents) -> assertThat(cents).isEqualTo(10_000));
            assertThat(rewind.store().readStream("account-acc-3")).hasSize(101);
        }
    }

    @Test
    void a_withdrawal_beyond_the_balance_is_refused() {
        AggregateFixture.of(bank())
                .given(new AccountOpened("acc-1", "Ada"), new MoneyDeposited("acc-1", 100, 100))
                .when(new Withdraw("acc-1", 500))
                .thenThrows(InsufficientFunds.class, "balance 100 is less than 500");
    }

    @Test
    void a_deposit_raises_the_balance() {
        AggregateFixture.of(bank())
                .given(new AccountOpened("acc-1", "Ada"), new MoneyDeposited("acc-1", 100, 100))
                .when(new Deposit("acc-1", 250))
                .thenEvents(new MoneyDeposited("acc-1", 250, 350));
    }

    @Test
    void opening_an_account_records_its_owner() {
        AggregateFixture.of(bank())
                .when(new OpenAccount("acc-1", "Ada"))
                .thenEvents(new AccountOpened("acc-1", "Ada"));
    }
}
