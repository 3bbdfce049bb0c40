package dev.rewind.examples.bank.transfers.domain;

/**
 * A transfer's deadline passed. Stored in the deadline's own stream, not the transfer's, so it is no
 * {@link TransferEvent}; a transfer that has ended by then ignores it.
 *
 * @param transferId the transfer
 */
public record TransferTimedOut(TransferId transferId) {
}
