package dev.rewind.examples.bank.accounts.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The accounts read-model tables, created in the event store's database if they are missing. */
public final class AccountTables {

    static final String SUMMARIES = "CREATE TABLE IF NOT EXISTS bank_account_summaries ("
            + "account_id VARCHAR(100) PRIMARY KEY, owner VARCHAR(200) NOT NULL, balance_cents BIGINT NOT NULL)";
    static final String TRANSACTIONS = "CREATE TABLE IF NOT EXISTS bank_account_transactions ("
            + "position BIGINT PRIMARY KEY, account_id VARCHAR(100) NOT NULL, type VARCHAR(20) NOT NULL,"
            + " amount_cents BIGINT NOT NULL, balance_after_cents BIGINT NOT NULL)";
    static final String TRANSACTIONS_INDEX = "CREATE INDEX IF NOT EXISTS bank_account_transactions_by_account"
            + " ON bank_account_transactions (account_id, position)";

    private AccountTables() {
    }

    /**
     * Creates the tables that do not exist yet; run it before the projectors start.
     *
     * @throws SQLException if the database refuses
     */
    public static void create(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(SUMMARIES);
            sql.execute(TRANSACTIONS);
            sql.execute(TRANSACTIONS_INDEX);
        }
    }
}
