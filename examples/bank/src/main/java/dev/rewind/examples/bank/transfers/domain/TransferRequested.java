package dev.rewind.examples.bank.transfers.domain;

import dev.rewind.examples.bank.accounts.domain.AccountId;

/**
 * Someone asked to move money from one account to another.
 *
 * @param transferId the new transfer
 * @param from the account that pays
 * @param to the account that receives
 * @param amountCents how much, in cents
 */
public record TransferRequested(TransferId transferId, AccountId from, AccountId to, long amountCents)
        implements TransferEvent {
}
