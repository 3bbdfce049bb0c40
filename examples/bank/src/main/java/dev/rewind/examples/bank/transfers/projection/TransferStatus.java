package dev.rewind.examples.bank.transfers.projection;

/** Where a transfer stands, as customers see it. */
public enum TransferStatus {
    /** Requested, the money not yet (fully) moved. */
    PENDING,
    /** The money has moved. */
    COMPLETED,
    /** Given up; any money taken was paid back. */
    FAILED
}
