package dev.rewind.examples.bank.accounts.domain;

import java.util.UUID;

/**
 * Identifies an account.
 *
 * @param value the id text, never blank
 */
public record AccountId(String value) {

    /** Checks the id is not blank. */
    public AccountId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An account id must not be blank");
        }
    }

    /** A new random account id. */
    public static AccountId newId() {
        return new AccountId(UUID.randomUUID().toString());
    }
}
