package dev.rewind.examples.bank.accounts.projection;

/**
 * What the bank shows about an account.
 *
 * @param accountId the account's id
 * @param owner who owns it
 * @param balanceCents its balance in cents
 */
public record AccountSummary(String accountId, String owner, long balanceCents) {
}
