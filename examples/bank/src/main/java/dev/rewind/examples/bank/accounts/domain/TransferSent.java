package dev.rewind.examples.bank.accounts.domain;

/**
 * Money was paid out for a transfer.
 *
 * @param accountId the account that paid
 * @param transfer the transfer
 * @param amountCents how much, in cents
 * @param newBalance the balance afterwards, in cents
 */
public record TransferSent(AccountId accountId, TransferReference transfer, long amountCents, long newBalance)
        implements AccountEvent {
}
