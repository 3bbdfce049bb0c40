package dev.rewind.eventstore.readmodel;

import com.google.inject.Inject;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.core.serialization.EventTypes;
import java.util.Map;
import javax.sql.DataSource;

/** A tiny bank context for the wiring and projector tests: open an account, deposit money, project balances. */
public final class TestBank {

    public record OpenAccount(String accountId) {
    }

    public record Deposit(String accountId, long cents) {
    }

    sealed interface AccountEvent permits AccountOpened, MoneyDeposited {
    }

    record AccountOpened(String accountId) implements AccountEvent {
    }

    public record MoneyDeposited(String accountId, long cents, long newBalance) implements AccountEvent {
    }

    static final EventTypes EVENTS = EventTypes.of(Map.of(
            "AccountOpened.v1", AccountOpened.class,
            "MoneyDeposited.v1", MoneyDeposited.class));

    public static final String BALANCES_TABLE = "CREATE TABLE IF NOT EXISTS test_balances"
            + " (account VARCHAR(100) PRIMARY KEY, cents BIGINT NOT NULL)";

    private TestBank() {
    }

    /** The aggregate. */
    static final class Account extends AggregateRoot<String, AccountEvent> {

        private long balance;

        static Account open(String id) {
            Account account = new Account();
            account.raise(new AccountOpened(id));
            return account;
        }

        void deposit(long cents) {
            raise(new MoneyDeposited(id(), cents, balance + cents));
        }

        @Override
        protected void apply(AccountEvent event) {
            if (event instanceof MoneyDeposited e) {
                balance = e.newBalance();
            } else if (!(event instanceof AccountOpened)) {
                throw new IllegalStateException("Unhandled event " + event);
            }
        }
    }

    /** Balances in the store's database, exactly once. */
    static final class BalancesProjector extends JdbcProjector {

        @Inject
        BalancesProjector(DataSource dataSource) {
            super("balances", dataSource);
            ownsTable("test_balances", BALANCES_TABLE);
            onSql(AccountOpened.class, (e, sql) -> sql.update(
                    "INSERT INTO test_balances (account, cents) VALUES (?, 0)", e.accountId()));
            onSql(MoneyDeposited.class, (e, sql) -> sql.update(
                    "UPDATE test_balances SET cents = ? WHERE account = ?", e.newBalance(), e.accountId()));
        }
    }

    /** The context's Guice module. */
    public static final class BankModule extends BoundedContextModule {

        @Override
        protected void configure(ContextBuilder context) {
            context.events(EVENTS);
            context.aggregate(Account.class, "account", Account::new, id -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> Account.open(c.accountId()))
                    .onExisting(Deposit.class, Deposit::accountId, (account, c) -> account.deposit(c.cents()));
            context.projector(BalancesProjector.class);
        }
    }
}
