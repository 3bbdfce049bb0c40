package dev.rewind.examples.bank.accounts.domain;

/**
 * Money was paid into an account.
 *
 * @param accountId the account
 * @param amountCents how much, in cents
 * @param newBalance the balance afterwards, in cents
 */
public record MoneyDeposited(AccountId accountId, long amountCents, long newBalance) implements AccountEvent {
}
