package dev.rewind.examples.bank.transfers.domain;

import dev.rewind.examples.bank.accounts.domain.AccountId;
import java.util.Objects;

/**
 * Move money from one account to another.
 *
 * @param transferId the id the new transfer gets
 * @param from the account that pays
 * @param to the account that receives, not the paying one
 * @param amountCents how much, in cents, more than 0
 */
public record RequestTransfer(TransferId transferId, AccountId from, AccountId to, long amountCents) {

    /** Checks the shape of the command. */
    public RequestTransfer {
        Objects.requireNonNull(transferId, "transferId must not be null");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (from.equals(to)) {
            throw new IllegalArgumentException("from and to must be different accounts, both are " + from.value());
        }
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, got " + amountCents);
        }
    }
}
