package dev.rewind.examples.bank.http;

import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.command.CommandResult;
import dev.rewind.examples.bank.accounts.domain.Account;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.transfers.domain.RequestTransfer;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;

/**
 * {@code /transfers}: ask for a transfer, and follow its status while the transfer process moves the money.
 *
 * <pre>
 * POST /transfers  {"from": "...", "to": "...", "amountCents": 250}  202 {"transferId", "position"}
 * GET  /transfers/{id}[?after=N]  {"transferId", "status": "PENDING" | "COMPLETED" | "FAILED", "reason"}
 * </pre>
 */
final class TransferRoutes {

    private final CommandErrors commands;
    private final AggregateRepository<AccountId, Account> accounts;
    private final TransferQueries queries;
    private final ReadYourWrites readYourWrites;

    TransferRoutes(CommandErrors commands, AggregateRepository<AccountId, Account> accounts, TransferQueries queries,
            ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.accounts = accounts;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    void register(Routes routes) {
        routes.post("/transfers", this::request);
        routes.get("/transfers/{id}", request -> {
            TransferId id = new TransferId(request.path("id"));
            readYourWrites.await(request);
            return Reply.ok(queries.findTransfer(id)
                    .orElseThrow(() -> HttpProblem.notFound("transfer " + id.value() + " does not exist")));
        });
    }

    private Reply request(Request request) {
        JsonBody body = request.body();
        AccountId from = existing(body.text("from"));
        AccountId to = existing(body.text("to"));
        long amountCents = body.positiveCents("amountCents");
        if (from.equals(to)) {
            throw HttpProblem.badRequest("from and to must be different accounts, both are " + from.value());
        }
        // a retried request (same Idempotency-Key) names the same transfer, so it is made once
        TransferId id = request.derived("transfer").map(TransferId::new).orElseGet(TransferId::newId);
        CommandResult requested = commands.send(request, new RequestTransfer(id, from, to, amountCents),
                "transfer " + id.value());
        return new Reply(202, Reply.object("transferId", id.value(), "position", requested.position()));
    }

    private AccountId existing(String accountId) {
        AccountId id = new AccountId(accountId);
        if (accounts.load(id).isEmpty()) {
            throw HttpProblem.notFound("account " + accountId + " does not exist");
        }
        return id;
    }
}
