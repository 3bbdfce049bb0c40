package dev.rewind.examples.bank;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.examples.bank.accounts.AccountsModule;
import dev.rewind.examples.bank.transfers.TransfersModule;

/**
 * The whole bank for Guice: where events, read models and checkpoints live (a store module binding
 * {@code EventStore}, {@code CheckpointStore}, {@code EventStoreBackend} and {@code DataSource}), and both bounded
 * contexts, and the runtime ({@link RewindModule}) running the part of them the role runs.
 */
final class BankModule extends AbstractModule {

    private final Module store;
    private final BankRole role;

    BankModule(Module store, BankRole role) {
        this.store = store;
        this.role = role;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        install(store);
        install(new RewindModule(role::runs));
        install(new AccountsModule());
        install(new TransfersModule());
    }
}
