package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Open a new account.
 *
 * @param accountId the id the new account gets
 * @param owner who owns it, not blank
 */
public record OpenAccount(AccountId accountId, String owner) {

    /** Checks the shape of the command. */
    public OpenAccount {
        Objects.requireNonNull(accountId, "accountId must not be null");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
    }
}
