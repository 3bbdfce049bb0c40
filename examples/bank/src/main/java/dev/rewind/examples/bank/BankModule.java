package dev.rewind.examples.bank;

import com.google.inject.AbstractModule;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.eventstore.JdbcEventStoreModule;
import dev.rewind.examples.bank.accounts.AccountsModule;
import dev.rewind.examples.bank.transfers.TransfersModule;

/** The whole bank for Guice: the runtime, the event store its configuration names, and both bounded contexts. */
final class BankModule extends AbstractModule {

    private final String store;

    BankModule(String store) {
        this.store = store;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        install(new RewindModule());
        install(new JdbcEventStoreModule(store));
        install(new AccountsModule());
        install(new TransfersModule());
    }
}
