package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Pay a failed transfer's money back to the account that sent it; refunding twice changes nothing.
 *
 * @param accountId the account that sent the transfer
 * @param transfer the transfer
 * @param amountCents how much, in cents, more than 0
 */
public record RefundTransfer(AccountId accountId, TransferReference transfer, long amountCents) {

    /** Checks the shape of the command. */
    public RefundTransfer {
        Objects.requireNonNull(accountId, "accountId must not be null");
        Objects.requireNonNull(transfer, "transfer must not be null");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, got " + amountCents);
        }
    }
}
