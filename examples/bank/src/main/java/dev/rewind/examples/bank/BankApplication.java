package dev.rewind.examples.bank;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.rewind.admin.AdminServer;
import dev.rewind.bus.command.CommandRoutingConfig;
import dev.rewind.bus.command.RoutingCommandBus;
import dev.rewind.core.Rewind;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStoreModule;
import dev.rewind.eventstore.StoreConfig;
import dev.rewind.examples.bank.accounts.application.AccountCommands;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.http.BankHttpServer;
import dev.rewind.examples.bank.transfers.application.TransferCommands;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import java.net.URI;
import java.util.Optional;

/**
 * The running bank: the Rewind runtime, the HTTP interface and (if asked for) the admin console, over an embedded
 * store or a hub. Start it, use
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
    private final RoutingCommandBus router;
    private final BankHttpServer http;
    private final AdminServer admin;

    private BankApplication(Rewind rewind, EventStoreBackend backend, RoutingCommandBus router, BankHttpServer http,
            AdminServer admin) {
        this.rewind = rewind;
        this.backend = backend;
        this.router = router;
        this.http = http;
        this.admin = admin;
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
        RoutingCommandBus router = null;
        BankHttpServer http = null;
        try {
            rewind = injector.getInstance(Rewind.class).start();
            if (config.commandPort() != BankConfig.NO_COMMAND_PORT) {
                router = RoutingCommandBus.create(rewind, AccountCommands.TYPES.merge(TransferCommands.TYPES),
                        JacksonEventSerializer.defaultMapper(), CommandRoutingConfig.bind("tcp://" + config.host()
                                + ":" + config.commandPort())).start();
            }
            http = BankHttpServer.start(config.host(), config.port(), config.role(), rewind,
                    router == null ? rewind.commands() : router, injector.getInstance(AccountQueries.class),
                    injector.getInstance(TransferQueries.class));
            AdminServer admin = config.adminPort() == BankConfig.NO_ADMIN ? null : AdminServer.builder()
                    .runtime(rewind).host(config.host()).port(config.adminPort()).token(config.adminToken()).start();
            return new BankApplication(rewind, backend, router, http, admin);
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (router != null) {
                router.close();
            }
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

    /** Where the admin console and API listen, if this process serves them. */
    public Optional<URI> adminUri() {
        return Optional.ofNullable(admin).map(AdminServer::uri);
    }

    /** The runtime, for tests and tools. */
    public Rewind rewind() {
        return rewind;
    }

    /**
     * Stops the HTTP servers, then hands this write side's aggregates to the others, then stops the projectors and
     * the transfer process, then closes the stores.
     */
    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        http.close();
        if (router != null) {
            router.close();
        }
        try {
            rewind.close();
        } finally {
            backend.close();
        }
    }
}
