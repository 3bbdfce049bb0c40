package dev.rewind.examples.bank.transfers.domain;

/**
 * The receiving account has been credited: the money has moved.
 *
 * @param transferId the transfer
 */
public record TransferCompleted(TransferId transferId) implements TransferEvent {
}
