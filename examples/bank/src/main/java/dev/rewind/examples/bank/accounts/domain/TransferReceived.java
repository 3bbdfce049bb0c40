package dev.rewind.examples.bank.accounts.domain;

/**
 * Money was paid in by a transfer.
 *
 * @param accountId the account that received it
 * @param transfer the transfer
 * @param amountCents how much, in cents
 * @param newBalance the balance afterwards, in cents
 */
public record TransferReceived(AccountId accountId, TransferReference transfer, long amountCents, long newBalance)
        implements AccountEvent {
}
