package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Pay money into an account for a transfer; receiving the same transfer again changes nothing.
 *
 * @param accountId the receiving account
 * @param transfer the transfer
 * @param amountCents how much, in cents, more than 0
 */
public record ReceiveTransfer(AccountId accountId, TransferReference transfer, long amountCents) {

    /** Checks the shape of the command. */
    public ReceiveTransfer {
        Objects.requireNonNull(accountId, "accountId must not be null");
        Objects.requireNonNull(transfer, "transfer must not be null");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, got " + amountCents);
        }
    }
}
