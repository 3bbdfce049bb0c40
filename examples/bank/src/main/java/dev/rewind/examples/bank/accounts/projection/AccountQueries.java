package dev.rewind.examples.bank.accounts.projection;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the accounts read models that the projectors of this package keep. */
public final class AccountQueries {

    private static final String FIND_SUMMARY =
            "SELECT owner, balance_cents FROM bank_account_summaries WHERE account_id = ?";
    private static final String GET_TRANSACTIONS = "SELECT type, amount_cents, balance_after_cents, position"
            + " FROM bank_account_transactions WHERE account_id = ? ORDER BY position";

    private final DataSource dataSource;

    /** Queries over the event store's database. */
    public AccountQueries(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /** The summary of one account, if the projector has seen it opened. */
    public Optional<AccountSummary> findSummary(AccountId accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(FIND_SUMMARY)) {
            query.setString(1, accountId.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new AccountSummary(accountId.value(), row.getString(1), row.getLong(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("the summary", accountId, e);
        }
    }

    /** The money movements of one account, oldest first; empty for an unknown account. */
    public List<TransactionView> getTransactions(AccountId accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(GET_TRANSACTIONS)) {
            query.setString(1, accountId.value());
            try (ResultSet rows = query.executeQuery()) {
                List<TransactionView> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(new TransactionView(TransactionType.valueOf(rows.getString(1)), rows.getLong(2),
                            rows.getLong(3), rows.getLong(4)));
                }
                return result;
            }
        } catch (SQLException e) {
            throw failed("the transactions", accountId, e);
        }
    }

    private static EventStoreException failed(String what, AccountId accountId, SQLException e) {
        return new EventStoreException("Could not read " + what + " of account " + accountId.value() + " ("
                + e.getMessage() + ")", e);
    }
}
