package dev.rewind.examples.bank.transfers.domain;

import java.util.Objects;

/**
 * Give the transfer up because its deadline passed, saying why; a transfer whose source was debited already goes on.
 *
 * @param transferId the transfer
 * @param reason why, not blank
 */
public record TimeOutTransfer(TransferId transferId, String reason) {

    /** Checks the shape of the command. */
    public TimeOutTransfer {
        Objects.requireNonNull(transferId, "transferId must not be null");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a timed-out transfer needs a reason");
        }
    }
}
