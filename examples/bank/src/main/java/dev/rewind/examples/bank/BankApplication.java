package dev.rewind.examples.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.rewind.core.Rewind;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.StoreConfig;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.http.BankHttpServer;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import java.net.URI;

/**
 * The running bank: the Rewind runtime and the HTTP interface, over an embedded store or a hub. Start it, use
 * {@link #uri()}, close it; everything it stored is there again when it starts on the same store.
 *
 * <pre>{@code
 * try (BankApplication bank = BankApplication.start("embedded:./data", 8080)) {
 *     System.out.println("Listening on " + bank.uri());
 * }
 * }</pre>
 */
public final class BankApplication implements AutoCloseable {

    private final Rewind rewind;
    private final EventStoreBackend backend;
    private final BankHttpServer http;

    private BankApplication(Rewind rewind, EventStoreBackend backend, BankHttpServer http) {
        this.rewind = rewind;
        this.backend = backend;
        this.http = http;
    }

    /**
     * Starts one process doing everything on an embedded store; see {@link #start(BankConfig)}.
     *
     * @throws IllegalArgumentException if the store configuration is malformed or {@code memory}
     */
    public static BankApplication start(String store, int port) {
        return start(BankConfig.embedded(store, port));
    }

    /**
     * Opens the stores, starts the part of the runtime the role runs (projectors,
     * transfer process), then the HTTP server.
     *
     * @throws IllegalArgumentException if the store configuration is malformed or {@code memory} (the read models
     *     live in a database)
     */
    public static BankApplication start(BankConfig config) {
        if (StoreConfig.parse(config.store()).kind() == StoreConfig.Kind.MEMORY) {
            throw new IllegalArgumentException("The bank keeps its read models in a database; use --store"
                    + " embedded:<folder> or --store jdbc:postgresql://..., not memory");
        }
        Module store = config.hub() == null ? new EventStoreModule(config.store())
                : new HubStoreModule(config.hub(), config.store());
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new BankModule(store, config.role()));
        EventStoreBackend backend = injector.getInstance(EventStoreBackend.class);
        Rewind rewind = null;
        try {
            rewind = injector.getInstance(Rewind.class).start();
            BankHttpServer http = BankHttpServer.start(config.port(), config.role(), rewind,
                    injector.getInstance(AccountQueries.class), injector.getInstance(TransferQueries.class));
            return new BankApplication(rewind, backend, http);
        } catch (RuntimeException e) {
            if (rewind != null) {
                rewind.close();
            }
            backend.close();
            throw e;
        }
    }


    /** Where the HTTP interface listens. */
    public URI uri() {
        return http.uri();
    }

    /** The runtime, for tests and tools. */
    public Rewind rewind() {
        return rewind;
    }

    /** Stops the HTTP server, then the projectors and the transfer process, then closes the stores. */
    @Override
    public void close() {
        http.close();
        rewind.close();
        backend.close();
    }
}
