package dev.rewind.examples.bank.accounts.projection;

import com.google.inject.Inject;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.eventstore.readmodel.Sql;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.AccountOpened;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Keeps owner and balance per account in {@code bank_account_summaries}, exactly once with its checkpoint. */
public final class AccountSummaryProjector extends JdbcProjector {

    private static final String INSERT =
            "INSERT INTO bank_account_summaries (account_id, owner, balance_cents) VALUES (?, ?, 0)";
    private static final String SET_BALANCE =
            "UPDATE bank_account_summaries SET balance_cents = ? WHERE account_id = ?";

    private static final String TABLE = "CREATE TABLE IF NOT EXISTS bank_account_summaries ("
            + "account_id VARCHAR(100) PRIMARY KEY, owner VARCHAR(200) NOT NULL, balance_cents BIGINT NOT NULL)";

    /** A projector named {@code account-summaries}, writing into the event store's database. */
    @Inject
    public AccountSummaryProjector(DataSource dataSource) {
        super("account-summaries", dataSource);
        // four partitions, so that read sides sharing a PostgreSQL database share the work
        partitioned(4);
        ownsTable("bank_account_summaries", TABLE);
        onSql(AccountOpened.class, (e, sql) -> sql.update(INSERT, e.accountId().value(), e.owner()));
        onSql(MoneyDeposited.class, (e, sql) -> setBalance(sql, e.accountId(), e.newBalance()));
        onSql(MoneyWithdrawn.class, (e, sql) -> setBalance(sql, e.accountId(), e.newBalance()));
        onSql(TransferSent.class, (e, sql) -> setBalance(sql, e.accountId(), e.newBalance()));
        onSql(TransferReceived.class, (e, sql) -> setBalance(sql, e.accountId(), e.newBalance()));
        onSql(TransferRefunded.class, (e, sql) -> setBalance(sql, e.accountId(), e.newBalance()));
    }


    private static void setBalance(Sql sql, AccountId accountId, long balanceCents) throws SQLException {
        sql.update(SET_BALANCE, balanceCents, accountId.value());
    }
}
