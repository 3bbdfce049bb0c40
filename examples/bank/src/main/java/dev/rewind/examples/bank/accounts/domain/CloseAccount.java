package dev.rewind.examples.bank.accounts.domain;

import java.util.Objects;

/**
 * Close an account.
 *
 * @param accountId the account
 */
public record CloseAccount(AccountId accountId) {

    /** Checks the shape of the command. */
    public CloseAccount {
        Objects.requireNonNull(accountId, "accountId must not be null");
    }
}
