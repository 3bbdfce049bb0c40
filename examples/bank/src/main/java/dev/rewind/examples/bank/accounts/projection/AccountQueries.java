package dev.rewind.examples.bank.accounts.projection;

import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.eventstore.readmodel.SqlQueries;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the accounts read models that the projectors of this package keep. */
public final class AccountQueries {

    private static final String FIND_SUMMARY =
            "SELECT owner, balance_cents FROM bank_account_summaries WHERE account_id = ?";
    private static final String GET_TRANSACTIONS = "SELECT type, amount_cents, balance_after_cents, position"
            + " FROM bank_account_transactions WHERE account_id = ? ORDER BY position";

    private final SqlQueries queries;

    /** Queries over the event store's database. */
    public AccountQueries(DataSource dataSource) {
        this.queries = new SqlQueries(dataSource);
    }

    /** The summary of one account, if the projector has seen it opened. */
    public Optional<AccountSummary> findSummary(AccountId accountId) {
        return queries.first(FIND_SUMMARY, row -> new AccountSummary(accountId.value(), row.getString(1),
                row.getLong(2)), accountId.value());
    }

    /** The money movements of one account, oldest first; empty for an unknown account. */
    public List<TransactionView> getTransactions(AccountId accountId) {
        return queries.list(GET_TRANSACTIONS, row -> new TransactionView(TransactionType.valueOf(row.getString(1)),
                row.getLong(2), row.getLong(3), row.getLong(4)), accountId.value());
    }
}
