package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Pay money into an account.
 *
 * @param accountId the account
 * @param amountCents how much, in cents, more than 0
 */
public record Deposit(AccountId accountId, long amountCents) {

    /** Checks the shape of the command. */
    public Deposit {
        Objects.requireNonNull(accountId, "accountId must not be null");
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be positive, got " + amountCents);
        }
    }
}
