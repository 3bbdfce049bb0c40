package dev.rewind.examples.bank.http;

import dev.rewind.core.command.CommandResult;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.accounts.projection.AccountSummary;

/**
 * {@code /accounts}: open an account, pay in, take out, and read the summary and the transaction history.
 *
 * <pre>
 * POST /accounts                    {"owner": "Ada"}        201 {"accountId", "position"}
 * POST /accounts/{id}/deposits      {"amountCents": 1000}   200 {"accountId", "version", "position"}
 * POST /accounts/{id}/withdrawals   {"amountCents": 500}    200 as above, 409 if funds are insufficient
 * GET  /accounts/{id}[?after=N]                             {"accountId", "owner", "balanceCents"}
 * GET  /accounts/{id}/transactions[?after=N]                [{"type", "amountCents", "balanceAfterCents", "position"}]
 * </pre>
 */
final class AccountRoutes {

    private final CommandErrors commands;
    private final AccountQueries queries;
    private final ReadYourWrites readYourWrites;

    AccountRoutes(CommandErrors commands, AccountQueries queries, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    void register(Routes routes) {
        routes.post("/accounts", this::open);
        routes.get("/accounts/{id}", request -> Reply.ok(summary(request)));
        routes.post("/accounts/{id}/deposits", request -> {
            AccountId id = id(request);
            return changed(id, commands.send(request, new Deposit(id, amount(request)), describe(id)));
        });
        routes.post("/accounts/{id}/withdrawals", request -> {
            AccountId id = id(request);
            return changed(id, commands.send(request, new Withdraw(id, amount(request)), describe(id)));
        });
        routes.get("/accounts/{id}/transactions", request -> {
            summary(request);
            return Reply.ok(queries.getTransactions(id(request)));
        });
    }

    private Reply open(Request request) {
        String owner = request.body().text("owner");
        // a retried open (same Idempotency-Key) names the same account, so it is opened once
        AccountId id = request.derived("account").map(AccountId::new).orElseGet(AccountId::newId);
        CommandResult opened = commands.send(request, new OpenAccount(id, owner), describe(id));
        return new Reply(201, Reply.object("accountId", id.value(), "position", opened.position()));
    }

    private AccountSummary summary(Request request) {
        AccountId id = id(request);
        readYourWrites.await(request);
        return queries.findSummary(id).orElseThrow(() -> HttpProblem.notFound(describe(id) + " does not exist"));
    }

    private static AccountId id(Request request) {
        return new AccountId(request.path("id"));
    }

    private static long amount(Request request) {
        return request.body().positiveCents("amountCents");
    }

    private static Reply changed(AccountId id, CommandResult result) {
        return Reply.ok(Reply.object("accountId", id.value(), "version", result.version(),
                "position", result.position()));
    }

    private static String describe(AccountId id) {
        return "account " + id.value();
    }
}
