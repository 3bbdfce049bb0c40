package dev.rewind.examples.bank.accounts.domain;

import dev.rewind.core.aggregate.AggregateRoot;

/** A bank account: money in, money out, never below zero, and nothing once closed. */
public final class Account extends AggregateRoot<AccountId, AccountEvent> {

    private long balance;
    private boolean closed;

    /** Opens an account. */
    public static Account open(AccountId id, String owner) {
        Account account = new Account();
        account.raise(new AccountOpened(id, owner));
        return account;
    }

    /** Pays money in. */
    public void deposit(long cents) {
        requireOpen();
        raise(new MoneyDeposited(id(), cents, balance + cents));
    }

    /**
     * Takes money out.
     *
     * @throws InsufficientFunds if the balance is smaller than the amount
     */
    public void withdraw(long cents) {
        requireOpen();
        if (cents > balance) {
            throw new InsufficientFunds(id(), balance, cents);
        }
        raise(new MoneyWithdrawn(id(), cents, balance - cents));
    }

    /** Closes the account; closing a closed account changes nothing. */
    public void close() {
        if (!closed) {
            raise(new AccountClosed(id()));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new AccountClosedException(id());
        }
    }

    @Override
    protected void apply(AccountEvent event) {
        if (event instanceof MoneyDeposited e) {
            balance = e.newBalance();
        } else if (event instanceof MoneyWithdrawn e) {
            balance = e.newBalance();
        } else if (event instanceof AccountClosed) {
            closed = true;
        } else if (!(event instanceof AccountOpened)) {
            throw new IllegalStateException("Unhandled event " + event);
        }
    }
}
