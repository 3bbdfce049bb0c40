package dev.rewind.examples.bank.accounts.domain;

/**
 * An account was closed; it takes no more money.
 *
 * @param accountId the account
 */
public record AccountClosed(AccountId accountId) implements AccountEvent {
}
