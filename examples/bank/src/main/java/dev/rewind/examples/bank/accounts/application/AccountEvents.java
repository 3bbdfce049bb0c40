package dev.rewind.examples.bank.accounts.application;

import dev.rewind.core.serialization.EventTypes;
import dev.rewind.examples.bank.accounts.domain.AccountClosed;
import dev.rewind.examples.bank.accounts.domain.AccountOpened;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;

/** The stable names account events are stored under. Never change a name; add a version and an upcaster. */
public final class AccountEvents {

    /** Every account event type. */
    public static final EventTypes TYPES = EventTypes.builder()
            .add("AccountOpened.v1", AccountOpened.class)
            .add("MoneyDeposited.v1", MoneyDeposited.class)
            .add("MoneyWithdrawn.v1", MoneyWithdrawn.class)
            .add("TransferSent.v1", TransferSent.class)
            .add("TransferReceived.v1", TransferReceived.class)
            .add("TransferRefunded.v1", TransferRefunded.class)
            .add("AccountClosed.v1", AccountClosed.class)
            .build();

    private AccountEvents() {
    }
}
