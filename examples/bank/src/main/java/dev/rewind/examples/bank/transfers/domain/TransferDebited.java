package dev.rewind.examples.bank.transfers.domain;

import dev.rewind.examples.bank.accounts.domain.AccountId;

/**
 * The paying account has paid the transfer's money out; the event repeats the request, so whoever credits the
 * receiving account needs nothing else.
 *
 * @param transferId the transfer
 * @param from the account that paid
 * @param to the account to credit
 * @param amountCents how much, in cents
 */
public record TransferDebited(TransferId transferId, AccountId from, AccountId to, long amountCents)
        implements TransferEvent {
}
