package dev.rewind.examples.benchmarks;

import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;

/**
 * The "bank" domain of WORKLOAD.md section 2, exactly: string account ids, JSON field names {@code accountId},
 * {@code owner}, {@code amountCents}, {@code newBalance}, and streams that start at version 0.
 */
final class BankWorkload {

    sealed interface BankEvent permits AccountOpened, MoneyDeposited, MoneyWithdrawn {}

    record AccountOpened(String accountId, String owner) implements BankEvent {}

    record MoneyDeposited(String accountId, long amountCents, long newBalance) implements BankEvent {}

    record MoneyWithdrawn(String accountId, long amountCents, long newBalance) implements BankEvent {}

    record OpenAccount(String accountId, String owner) {}

    record Deposit(String accountId, long amountCents) {}

    record Withdraw(String accountId, long amountCents) {}

    static final class BankAccount extends AggregateRoot<String, BankEvent> {
        private long balance;

        static BankAccount open(String id, String owner) {
            BankAccount account = new BankAccount();
            account.raise(new AccountOpened(id, owner));
            return account;
        }

        void deposit(long cents) {
            raise(new MoneyDeposited(id(), cents, balance + cents));
        }

        void withdraw(long cents) {
            if (balance - cents < 0) {
                throw new IllegalStateException("balance " + balance + " is less than " + cents);
            }
            raise(new MoneyWithdrawn(id(), cents, balance - cents));
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

    static final EventTypes EVENTS = EventTypes.builder()
            .add("AccountOpened", AccountOpened.class)
            .add("MoneyDeposited", MoneyDeposited.class)
            .add("MoneyWithdrawn", MoneyWithdrawn.class)
            .build();

    private BankWorkload() {
    }

    static String accountId(int index) {
        return "acc-" + index;
    }

    /** The bank context with the given projectors. */
    static BoundedContext context(Projector... projectors) {
        return BoundedContext.define("bank", context -> {
            context.events(EVENTS);
            context.aggregate(BankAccount.class, "account", BankAccount::new, (String id) -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> BankAccount.open(c.accountId(), c.owner()))
                    .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(c.amountCents()))
                    .onExisting(Withdraw.class, Withdraw::accountId, (a, c) -> a.withdraw(c.amountCents()));
            for (Projector projector : projectors) {
                context.projector(projector);
            }
        });
    }
}
