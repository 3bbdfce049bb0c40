package dev.rewind.examples.bank.accounts.projection;

/** What kind of money movement a transaction history row records. */
public enum TransactionType {
    /** Money paid in at the counter. */
    DEPOSIT,
    /** Money taken out at the counter. */
    WITHDRAWAL,
    /** Money paid out for a transfer. */
    TRANSFER_OUT,
    /** Money paid in by a transfer. */
    TRANSFER_IN,
    /** A failed transfer's money paid back. */
    REFUND
}
