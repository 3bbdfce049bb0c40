package dev.rewind.examples.bank.transfers.projection;

/**
 * What the bank shows about a transfer.
 *
 * @param transferId the transfer's id
 * @param status where it stands
 * @param reason why it failed; null unless failed
 */
public record TransferView(String transferId, TransferStatus status, String reason) {
}
