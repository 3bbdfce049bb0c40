package dev.rewind.examples.bank;

import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandResult;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.accounts.AccountsModule;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.InsufficientFunds;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import dev.rewind.examples.bank.accounts.projection.AccountSummaries;
import java.time.Duration;

/**
 * Runs a small bank scenario on the embedded H2 store in {@code ./data} (or {@code --store <config>}): opens an
 * account, moves money, shows a refused overdraft and the read model. Events accumulate across runs.
 */
public final class Main {

    private Main() {
    }

    /** Runs the scenario and prints what happened. */
    public static void main(String[] args) {
        String store = args.length == 2 && args[0].equals("--store") ? args[1] : "h2:./data";
        if (args.length != 0 && args.length != 2) {
            System.err.println("usage: java -jar rewind-bank.jar [--store memory|h2:<folder>|jdbc:postgresql://...]");
            System.exit(2);
        }
        AccountSummaries summaries = new AccountSummaries();
        try (EventStoreBackend backend = EventStores.openBackend(store);
                Rewind rewind = Rewind.builder().store(backend.store()).closeStoreOnClose(false)
                        .context(new AccountsModule(summaries).describe()).build().start()) {
            AccountId ada = AccountId.newId();
            rewind.commands().send(new OpenAccount(ada, "Ada"));
            rewind.commands().send(new Deposit(ada, 10_000));
            CommandResult last = rewind.commands().send(new Withdraw(ada, 2_500));
            try {
                rewind.commands().send(new Withdraw(ada, 1_000_000));
            } catch (InsufficientFunds refused) {
                System.out.println("Refused: " + refused.getMessage());
            }
            rewind.projections().awaitPosition(last.position(), Duration.ofSeconds(5));
            System.out.println("Account summary: " + summaries.find(ada).orElseThrow());
            System.out.println("Events in the store (" + store + "): " + rewind.store().headPosition());
        }
    }
}
