package dev.rewind.examples.bank.accounts.domain;

/**
 * Money was paid back to its payer after the transfer failed.
 *
 * @param accountId the account that paid
 * @param transfer the transfer
 * @param amountCents how much, in cents
 * @param newBalance the balance afterwards, in cents
 */
public record TransferRefunded(AccountId accountId, TransferReference transfer, long amountCents, long newBalance)
        implements AccountEvent {
}
