package dev.rewind.examples.bank.accounts.domain;

import dev.rewind.core.aggregate.AggregateRoot;
import java.util.HashSet;
import java.util.Set;

/**
 * A bank account: money in, money out, never below zero, and nothing new once closed. Each transfer is paid out,
 * paid in and refunded at most once, so a transfer step that arrives twice moves money once.
 */
public final class Account extends AggregateRoot<AccountId, AccountEvent> {

    private long balance;
    private boolean closed;
    private final Set<TransferReference> sent = new HashSet<>();
    private final Set<TransferReference> received = new HashSet<>();
    private final Set<TransferReference> refunded = new HashSet<>();

    /** Opens an account. */
    public static Account open(AccountId id, String owner) {
        Account account = new Account();
        account.raise(new AccountOpened(id, owner));
        return account;
    }

    /**
     * Pays money in.
     *
     * @throws AccountClosedException if the account is closed
     */
    public void deposit(long cents) {
        requireOpen();
        raise(new MoneyDeposited(id(), cents, balance + cents));
    }

    /**
     * Takes money out and answers the balance that is left.
     *
     * @throws InsufficientFunds if the balance is smaller than the amount
     * @throws AccountClosedException if the account is closed
     */
    public long withdraw(long cents) {
        requireOpen();
        requireFunds(cents);
        raise(new MoneyWithdrawn(id(), cents, balance - cents));
        return balance;
    }

    /**
     * Pays a transfer out, once.
     *
     * @throws InsufficientFunds if the balance is smaller than the amount
     * @throws AccountClosedException if the account is closed
     */
    public void send(TransferReference transfer, long cents) {
        if (!sent.contains(transfer)) {
            requireOpen();
            requireFunds(cents);
            raise(new TransferSent(id(), transfer, cents, balance - cents));
        }
    }

    /**
     * Takes a transfer in, once.
     *
     * @throws AccountClosedException if the account is closed
     */
    public void receive(TransferReference transfer, long cents) {
        if (!received.contains(transfer)) {
            requireOpen();
            raise(new TransferReceived(id(), transfer, cents, balance + cents));
        }
    }

    /** Pays a failed transfer back, once; even a closed account gets its money back. */
    public void refund(TransferReference transfer, long cents) {
        if (!refunded.contains(transfer)) {
            raise(new TransferRefunded(id(), transfer, cents, balance + cents));
        }
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

    private void requireFunds(long cents) {
        if (cents > balance) {
            throw new InsufficientFunds(id(), balance, cents);
        }
    }

    @Override
    protected void apply(AccountEvent event) {
        if (event instanceof MoneyDeposited e) {
            balance = e.newBalance();
        } else if (event instanceof MoneyWithdrawn e) {
            balance = e.newBalance();
        } else if (event instanceof TransferSent e) {
            balance = e.newBalance();
            sent.add(e.transfer());
        } else if (event instanceof TransferReceived e) {
            balance = e.newBalance();
            received.add(e.transfer());
        } else if (event instanceof TransferRefunded e) {
            balance = e.newBalance();
            refunded.add(e.transfer());
        } else if (event instanceof AccountClosed) {
            closed = true;
        } else if (!(event instanceof AccountOpened)) {
            throw new IllegalStateException("Unhandled event " + event);
        }
    }
}
