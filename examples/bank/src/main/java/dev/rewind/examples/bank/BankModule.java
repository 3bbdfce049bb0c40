package dev.rewind.examples.bank;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.rewind.examples.bank.accounts.AccountsModule;
import dev.rewind.examples.bank.transfers.TransfersModule;

/**
 * The whole bank for Guice: where events, read models and checkpoints live (a store module binding
 * {@code EventStore}, {@code CheckpointStore}, {@code EventStoreBackend} and {@code DataSource}), and both bounded
 * contexts. {@link BankApplication} builds the runtime from the bound contexts, keeping the part its role runs.
 */
final class BankModule extends AbstractModule {

    private final Module store;

    BankModule(Module store) {
        this.store = store;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        install(store);
        install(new AccountsModule());
        install(new TransfersModule());
    }
}
