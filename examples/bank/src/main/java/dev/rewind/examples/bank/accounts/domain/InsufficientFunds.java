package dev.rewind.examples.bank.accounts.domain;

/** A withdrawal asked for more than the balance; overdrafts are not allowed. */
public final class InsufficientFunds extends RuntimeException {

    InsufficientFunds(AccountId accountId, long balance, long amount) {
        super("Account " + accountId.value() + " cannot pay " + amount + ": balance " + balance + " is less than "
                + amount);
    }
}
