package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Take money out of an account.
 *
 * @param accountId the account
 * @param amountCents how much, in cents, more than 0
 */
public record Withdraw(AccountId accountId, long amountCents) {

    /** Checks the shape of the command. */
    public Withdraw {
        Objects.requireNonNull(accountId, "accountId must not be null");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, got " + amountCents);
        }
    }
}
