package dev.rewind.examples.bank.transfers.domain;

import java.util.Objects;

/**
 * Record that the receiving account has been credited.
 *
 * @param transferId the transfer
 */
public record CompleteTransfer(TransferId transferId) {

    /** Checks the shape of the command. */
    public CompleteTransfer {
        Objects.requireNonNull(transferId, "transferId must not be null");
    }
}
