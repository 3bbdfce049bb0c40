package dev.rewind.examples.bank.transfers.domain;

import java.util.Objects;

/**
 * Give the transfer up, saying why.
 *
 * @param transferId the transfer
 * @param reason why, not blank
 */
public record FailTransfer(TransferId transferId, String reason) {

    /** Checks the shape of the command. */
    public FailTransfer {
        Objects.requireNonNull(transferId, "transferId must not be null");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failed transfer needs a reason");
        }
    }
}
