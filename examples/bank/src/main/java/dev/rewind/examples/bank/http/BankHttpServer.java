package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.examples.bank.BankRole;
import dev.rewind.examples.bank.accounts.domain.Account;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The bank's HTTP interface on the JDK's {@link HttpServer}, on the loopback interface: {@code /accounts},
 * {@code /transfers} and {@code /projections}, JSON in and out; the requests its {@link BankRole} serves.
 */
public final class BankHttpServer implements AutoCloseable {

    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;

    private BankHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving the given runtime on a port (0 picks a free one).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static BankHttpServer start(int port, BankRole role, Rewind rewind, AccountQueries accounts,
            TransferQueries transfers) {
        CommandErrors commands = new CommandErrors(rewind.commands());
        ReadYourWrites readYourWrites = new ReadYourWrites(rewind.projections(), rewind.store());
        AggregateRepository<AccountId, Account> accountRepository = rewind.repository(Account.class);
        Map<String, Route> routes = Map.of(
                "accounts", new AccountRoutes(commands, accounts, readYourWrites),
                "transfers", new TransferRoutes(commands, accountRepository, transfers, readYourWrites),
                "projections", new ProjectionRoutes(rewind.projections()));
        Route root = request -> {
            String resource = request.path().get(0);
            if (!resource.equals("projections") && !role.serves(request.method())) {
                throw new HttpProblem(405, "this bank process is the " + role.name().toLowerCase() + " side and does"
                        + " not answer " + request.method() + " requests; send them to the other side");
            }
            return routes.getOrDefault(resource, r -> {
                throw Route.noSuchResource(r);
            }).handle(request);
        };
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port + " (" + e.getMessage()
                    + "); choose another with --port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        server.setExecutor(executor);
        server.createContext("/", new JsonHandler(root, new ObjectMapper()));
        server.start();
        return new BankHttpServer(server, executor);
    }

    /** Where it listens, for example {@code http://localhost:8080}. */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** Stops accepting requests, lets running ones finish (at most a second), and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}
