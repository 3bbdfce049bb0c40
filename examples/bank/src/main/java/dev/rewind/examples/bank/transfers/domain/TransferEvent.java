package dev.rewind.examples.bank.transfers.domain;

/** Everything that can happen to a transfer. */
public sealed interface TransferEvent permits TransferRequested, TransferDebited, TransferCompleted, TransferFailed {

    /** The transfer it happened to. */
    TransferId transferId();
}
