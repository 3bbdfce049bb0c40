package dev.rewind.examples.bank.accounts.projection;

/**
 * One row of an account's transaction history.
 *
 * @param type what kind of movement it was
 * @param amountCents how much moved, in cents
 * @param balanceAfterCents the balance afterwards, in cents
 * @param position the global position of the event that recorded it
 */
public record TransactionView(TransactionType type, long amountCents, long balanceAfterCents, long position) {
}
