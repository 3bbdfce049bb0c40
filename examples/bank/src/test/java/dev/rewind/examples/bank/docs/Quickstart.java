package dev.rewind.examples.bank.docs;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.accounts.AccountsModule;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import java.time.Duration;

/**
 * The README's Quickstart (and the guide's last step) as a program: the two ways to wire the accounts context, as
 * quoted there. Run in a folder, it keeps its events and read models in {@code ./data}; {@link QuickstartIT} runs it
 * in an empty one.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /** Opens an account, pays money in and prints what the read model shows; {@code guice} wires it with Guice. */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("guice")) {
            withGuice();
        } else {
            withPlainCode();
        }
    }

    private static void withPlainCode() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:./data");
                Rewind rewind = backend.runtime().context(new AccountsModule().describe()).build().start()) {
            AccountId ada = rewind.commands().send(new OpenAccount(AccountId.newId(), "Ada")).value(AccountId.class);
            CommandResult deposited = rewind.commands().send(new Deposit(ada, 100));
            rewind.projections().awaitPosition(deposited.position(), Duration.ofSeconds(5));
            System.out.println(new AccountQueries(backend.dataSource().orElseThrow()).findSummary(ada));
        }
    }

    private static void withGuice() {
        Injector injector = Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:./data"),
                new AccountsModule());
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            AccountId ada = rewind.commands().send(new OpenAccount(AccountId.newId(), "Ada")).value(AccountId.class);
            CommandResult deposited = rewind.commands().send(new Deposit(ada, 100));
            rewind.projections().awaitPosition(deposited.position(), Duration.ofSeconds(5));
            System.out.println(injector.getInstance(AccountQueries.class).findSummary(ada));
        }
    }
}
