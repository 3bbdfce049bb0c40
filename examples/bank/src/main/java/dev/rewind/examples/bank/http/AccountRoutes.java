package dev.rewind.examples.bank.http;

import dev.rewind.core.command.CommandResult;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.Deposit;
import dev.rewind.examples.bank.accounts.domain.OpenAccount;
import dev.rewind.examples.bank.accounts.domain.Withdraw;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.accounts.projection.AccountSummary;
import java.util.List;

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
final class AccountRoutes implements Route {

    private final CommandErrors commands;
    private final AccountQueries queries;
    private final ReadYourWrites readYourWrites;

    AccountRoutes(CommandErrors commands, AccountQueries queries, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public Reply handle(Request request) {
        List<String> path = request.path();
        String method = request.method();
        if (path.size() == 1 && method.equals("POST")) {
            return open(request);
        }
        if (path.size() == 2 && method.equals("GET")) {
            return summary(request, new AccountId(path.get(1)));
        }
        if (path.size() == 3) {
            AccountId id = new AccountId(path.get(1));
            String action = method + " " + path.get(2);
            switch (action) {
                case "POST deposits":
                    return changed(id, commands.send(new Deposit(id, amount(request)), describe(id)));
                case "POST withdrawals":
                    return changed(id, commands.send(new Withdraw(id, amount(request)), describe(id)));
                case "GET transactions":
                    summary(request, id);
                    return Reply.ok(queries.getTransactions(id));
                default:
                    break;
            }
        }
        throw Route.noSuchResource(request);
    }

    private Reply open(Request request) {
        String owner = request.body().text("owner");
        AccountId id = AccountId.newId();
        CommandResult opened = commands.send(new OpenAccount(id, owner), describe(id));
        return new Reply(201, Reply.object("accountId", id.value(), "position", opened.position()));
    }

    private Reply summary(Request request, AccountId id) {
        readYourWrites.await(request);
        AccountSummary summary = queries.findSummary(id)
                .orElseThrow(() -> HttpProblem.notFound(describe(id) + " does not exist"));
        return Reply.ok(summary);
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
