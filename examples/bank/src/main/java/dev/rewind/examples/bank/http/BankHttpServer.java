package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandBus;
import dev.rewind.examples.bank.BankRole;
import dev.rewind.examples.bank.accounts.domain.Account;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's HTTP interface on Javalin: {@code /accounts}, {@code /transfers} and {@code /projections}, JSON in and
 * out, the requests its {@link BankRole} serves. Refusals are {@code {"error": ...}} with a status: 4xx for what the
 * client can fix, 503 with {@code Retry-After} while the event store (the hub) is out of reach.
 */
public final class BankHttpServer implements AutoCloseable {

    /** Seconds a client is told to wait before retrying while the hub is out of reach. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BankHttpServer.class);

    private final Javalin app;
    private final String host;

    private BankHttpServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts serving the given runtime on an address and port (0 picks a free one).
     *
     * @throws RuntimeException (Javalin's) if the port cannot be bound
     */
    public static BankHttpServer start(String host, int port, BankRole role, Rewind rewind, AccountQueries accounts,
            TransferQueries transfers) {
        return start(host, port, role, rewind, rewind.commands(), accounts, transfers);
    }

    /**
     * Starts serving the given runtime, sending commands through {@code commandBus} (a write side's router, which runs
     * each command on the write side owning its aggregate).
     *
     * @throws RuntimeException (Javalin's) if the port cannot be bound
     */
    public static BankHttpServer start(String host, int port, BankRole role, Rewind rewind, CommandBus commandBus,
            AccountQueries accounts, TransferQueries transfers) {
        ObjectMapper json = new ObjectMapper();
        CommandErrors commands = new CommandErrors(commandBus);
        ReadYourWrites readYourWrites = new ReadYourWrites(rewind.projections(), rewind.store());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.jsonMapper(new JavalinJackson(json, false));
            config.routes.before(ctx -> {
                if (!ctx.path().startsWith("/projections") && !role.serves(ctx.method().name())) {
                    throw new HttpProblem(405, "this bank process is the " + role.name().toLowerCase() + " side and"
                            + " does not answer " + ctx.method() + " requests; send them to the other side");
                }
            });
            Routes routes = new Routes(config.routes, json);
            new AccountRoutes(commands, accounts, readYourWrites).register(routes);
            new TransferRoutes(commands, rewind.repository(Account.class), transfers, readYourWrites)
                    .register(routes);
            new ProjectionRoutes(rewind.projections()).register(routes);
            config.routes.exception(HttpProblem.class, (problem, ctx) -> error(ctx, problem.status(),
                    problem.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    e.getStatus() == 413 ? "the body is larger than " + MAX_BODY + " bytes" : e.getMessage()));
            config.routes.exception(Exception.class, BankHttpServer::failed);
            config.routes.error(404, "*", ctx -> {
                if (!ctx.result().startsWith("{")) {
                    error(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path());
                }
            });
        }).start(host, port);
        return new BankHttpServer(app, host);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    /** The hub out of reach is the client's to retry (503); anything else is a bug, logged and answered 500. */
    private static void failed(Exception e, Context ctx) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HubUnavailableException
                    || cause instanceof RemoteCommandException remote
                    && remote.remoteType().equals(HubUnavailableException.class.getName())) {
                ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                error(ctx, 503, "the event store (the hub) is out of reach just now, so this request may or may not"
                        + " have taken effect; send it again in " + RETRY_AFTER_SECONDS + " s, with the same"
                        + " Idempotency-Key header for a POST, which makes a retry apply once");
                return;
            }
            if (cause instanceof RemoteCommandException remote && remote.code() != CommandErrorCode.REJECTED
                    && remote.code() != CommandErrorCode.INVALID_REQUEST) {
                ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                error(ctx, 503, "the write side owning this aggregate is out of reach just now (" + remote.code()
                        + "), so this request may or may not have taken effect; send it again in "
                        + RETRY_AFTER_SECONDS + " s, to any write side, with the same Idempotency-Key header, which"
                        + " makes a retry apply once");
                return;
            }
        }
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal error (" + e.getMessage() + "); the bank's log has the details. A POST sent with"
                + " an Idempotency-Key header can be sent again safely");
    }

    /** Where it listens, for example {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String shown = host.equals("0.0.0.0") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shown + ":" + app.port());
    }

    /** Stops accepting requests and lets running ones finish. */
    @Override
    public void close() {
        app.stop();
    }
}
