package dev.rewind.examples.bank.accounts.domain;

/** A command needed an open account, but it is closed. */
public final class AccountClosedException extends RuntimeException {

    AccountClosedException(AccountId accountId) {
        super("Account " + accountId.value() + " is closed");
    }
}
