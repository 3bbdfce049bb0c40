package dev.rewind.examples.bank.accounts.domain;

/** Everything that can happen to an account. */
public sealed interface AccountEvent permits AccountOpened, MoneyDeposited, MoneyWithdrawn, TransferSent,
        TransferReceived, TransferRefunded, AccountClosed {

    /** The account it happened to. */
    AccountId accountId();
}
