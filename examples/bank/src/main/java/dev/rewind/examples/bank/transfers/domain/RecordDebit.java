package dev.rewind.examples.bank.transfers.domain;

import java.util.Objects;

/**
 * Record that the paying account has paid the transfer out.
 *
 * @param transferId the transfer
 */
public record RecordDebit(TransferId transferId) {

    /** Checks the shape of the command. */
    public RecordDebit {
        Objects.requireNonNull(transferId, "transferId must not be null");
    }
}
