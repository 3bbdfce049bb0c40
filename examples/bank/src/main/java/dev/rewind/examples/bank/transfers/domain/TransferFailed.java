package dev.rewind.examples.bank.transfers.domain;

import dev.rewind.examples.bank.accounts.domain.AccountId;

/**
 * The transfer gave up. If its money had been taken from the paying account already, it is due back there.
 *
 * @param transferId the transfer
 * @param reason why, in words a customer can read
 * @param refundTo the account that paid
 * @param refundCents how much it is owed back, in cents: the amount if it was debited, else 0
 */
public record TransferFailed(TransferId transferId, String reason, AccountId refundTo, long refundCents)
        implements TransferEvent {
}
