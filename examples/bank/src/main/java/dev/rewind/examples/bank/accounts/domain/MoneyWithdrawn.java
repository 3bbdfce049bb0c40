package dev.rewind.examples.bank.accounts.domain;

/**
 * Money was taken out of an account.
 *
 * @param accountId the account
 * @param amountCents how much, in cents
 * @param newBalance the balance afterwards, in cents
 */
public record MoneyWithdrawn(AccountId accountId, long amountCents, long newBalance) implements AccountEvent {
}
