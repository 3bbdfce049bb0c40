package dev.rewind.examples.bank.transfers.domain;

import java.util.UUID;

/**
 * Identifies a transfer.
 *
 * @param value the id text, never blank
 */
public record TransferId(String value) {

    /** Checks the id is not blank. */
    public TransferId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A transfer id must not be blank");
        }
    }

    /** A new random transfer id. */
    public static TransferId newId() {
        return new TransferId(UUID.randomUUID().toString());
    }
}
