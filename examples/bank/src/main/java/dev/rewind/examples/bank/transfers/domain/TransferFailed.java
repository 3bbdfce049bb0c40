package dev.rewind.examples.bank.transfers.domain;

/**
 * The transfer gave up; any money it took has been paid back.
 *
 * @param transferId the transfer
 * @param reason why, in words a customer can read
 */
public record TransferFailed(TransferId transferId, String reason) implements TransferEvent {
}
