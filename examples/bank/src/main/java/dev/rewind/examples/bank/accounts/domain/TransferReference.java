package dev.rewind.examples.bank.accounts.domain;

/**
 * The transfer a movement of money belongs to, as the transfers context names it. An account pays, receives and
 * refunds each transfer at most once, so a transfer step sent twice moves money once.
 *
 * @param value the transfer's id text, never blank
 */
public record TransferReference(String value) {

    /** Checks the reference is not blank. */
    public TransferReference {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A transfer reference must not be blank");
        }
    }
}
