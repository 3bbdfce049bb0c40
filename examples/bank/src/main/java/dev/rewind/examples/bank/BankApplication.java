package dev.rewind.examples.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.rewind.core.Rewind;
import dev.rewind.eventstore.StoreConfig;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.accounts.projection.AccountTables;
import dev.rewind.examples.bank.http.BankHttpServer;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import dev.rewind.examples.bank.transfers.projection.TransferTables;
import java.net.URI;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The running bank: the Rewind runtime over a durable store and the HTTP interface. Start
 * it, use {@link #uri()}, close it; everything it stored is there again when it starts on the same store.
 *
 * <pre>{@code
 * try (BankApplication bank = BankApplication.start("h2:./data", 8080)) {
 *     System.out.println("Listening on " + bank.uri());
 * }
 * }</pre>
 */
public final class BankApplication implements AutoCloseable {

    private final Rewind rewind;
    private final BankHttpServer http;

    private BankApplication(Rewind rewind, BankHttpServer http) {
        this.rewind = rewind;
        this.http = http;
    }

    /**
     * Opens the store, creates the read-model tables, starts the projectors and the transfer process, then the HTTP
     * server.
     *
     * @param store the event store configuration: {@code h2:<folder>} or {@code jdbc:postgresql://...}
     * @param port the HTTP port, 0 for any free one
     * @throws IllegalArgumentException if the store configuration is malformed or {@code memory} (the read models
     *     live in the store's database)
     */
    public static BankApplication start(String store, int port) {
        if (StoreConfig.parse(store).kind() == StoreConfig.Kind.MEMORY) {
            throw new IllegalArgumentException("The bank keeps its read models in the event store's database; use"
                    + " --store h2:<folder> or --store jdbc:postgresql://..., not memory");
        }
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new BankModule(store));
        Rewind rewind = injector.getInstance(Rewind.class);
        try {
            createTables(injector.getInstance(DataSource.class));
            rewind.start();
            BankHttpServer http = BankHttpServer.start(port, rewind, injector.getInstance(AccountQueries.class),
                    injector.getInstance(TransferQueries.class));
            return new BankApplication(rewind, http);
        } catch (RuntimeException e) {
            rewind.close();
            throw e;
        }
    }

    private static void createTables(DataSource dataSource) {
        try {
            AccountTables.create(dataSource);
            TransferTables.create(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the read-model tables (" + e.getMessage() + ")", e);
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

    /** Stops the HTTP server, then the projectors and the transfer process, then closes the store. */
    @Override
    public void close() {
        http.close();
        rewind.close();
    }
}
