package dev.rewind.examples.bank.accounts.domain;

/**
 * An account was opened.
 *
 * @param accountId the new account
 * @param owner who owns it
 */
public record AccountOpened(AccountId accountId, String owner) implements AccountEvent {
}
