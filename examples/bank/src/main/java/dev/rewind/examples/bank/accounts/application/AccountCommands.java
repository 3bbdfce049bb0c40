package dev.rewind.examples.bank.accounts.application;

import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.examples.bank.accounts.domain.Account;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.CloseAccount;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.ReceiveTransfer;
import dev.rewind.examples.bank.accounts.domain.RefundTransfer;
import dev.rewind.examples.bank.accounts.domain.SendTransfer;
import dev.rewind.examples.bank.accounts.domain.Withdraw;

/**
 * Which account command goes where: the one place that says it. Streams are {@code account-<id>}; a withdrawal
 * answers the balance that is left ({@code CommandResult.value(Long.class)}).
 */
public final class AccountCommands {

    /** The names account commands travel under between write sides that route commands to each other. */
    public static final EventTypes TYPES = EventTypes.builder()
            .add("OpenAccount.v1", OpenAccount.class)
            .add("Deposit.v1", Deposit.class)
            .add("Withdraw.v1", Withdraw.class)
            .add("SendTransfer.v1", SendTransfer.class)
            .add("ReceiveTransfer.v1", ReceiveTransfer.class)
            .add("RefundTransfer.v1", RefundTransfer.class)
            .add("CloseAccount.v1", CloseAccount.class)
            .build();

    private AccountCommands() {
    }

    /** Registers the account aggregate and its commands. */
    public static void register(ContextBuilder context) {
        context.aggregate(Account.class, "account", Account::new, AccountId::value)
                .onNew(OpenAccount.class, OpenAccount::accountId, c -> Account.open(c.accountId(), c.owner()))
                .onExisting(Deposit.class, Deposit::accountId, (account, c) -> account.deposit(c.amountCents()))
                .onExistingReturning(Withdraw.class, Withdraw::accountId,
                        (account, c) -> account.withdraw(c.amountCents()))
                .onExisting(SendTransfer.class, SendTransfer::accountId,
                        (account, c) -> account.send(c.transfer(), c.amountCents()))
                .onExisting(ReceiveTransfer.class, ReceiveTransfer::accountId,
                        (account, c) -> account.receive(c.transfer(), c.amountCents()))
                .onExisting(RefundTransfer.class, RefundTransfer::accountId,
                        (account, c) -> account.refund(c.transfer(), c.amountCents()))
                .onExisting(CloseAccount.class, CloseAccount::accountId, (account, c) -> account.close());
    }
}
