package dev.rewind.examples.bank.accounts.projection;

import com.google.inject.Inject;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.eventstore.readmodel.Sql;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.MoneyDeposited;
import dev.rewind.examples.bank.accounts.domain.MoneyWithdrawn;
import dev.rewind.examples.bank.accounts.domain.TransferReceived;
import dev.rewind.examples.bank.accounts.domain.TransferRefunded;
import dev.rewind.examples.bank.accounts.domain.TransferSent;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Writes one {@code bank_account_transactions} row per money movement, keyed by the event's global position. */
public final class TransactionHistoryProjector extends JdbcProjector {

    private static final String INSERT = "INSERT INTO bank_account_transactions"
            + " (position, account_id, type, amount_cents, balance_after_cents) VALUES (?, ?, ?, ?, ?)";

    private static final String TABLE = "CREATE TABLE IF NOT EXISTS bank_account_transactions ("
            + "position BIGINT PRIMARY KEY, account_id VARCHAR(100) NOT NULL, type VARCHAR(20) NOT NULL,"
            + " amount_cents BIGINT NOT NULL, balance_after_cents BIGINT NOT NULL)";
    private static final String INDEX = "CREATE INDEX IF NOT EXISTS bank_account_transactions_by_account"
            + " ON bank_account_transactions (account_id, position)";

    /** A projector named {@code account-transactions}, writing into the event store's database. */
    @Inject
    public TransactionHistoryProjector(DataSource dataSource) {
        super("account-transactions", dataSource);
        // four partitions, so that read sides sharing a PostgreSQL database share the work
        partitioned(4);
        ownsTable("bank_account_transactions", TABLE, INDEX);
        onSql(MoneyDeposited.class, (e, envelope, sql) -> insert(sql, envelope, e.accountId(),
                TransactionType.DEPOSIT, e.amountCents(), e.newBalance()));
        onSql(MoneyWithdrawn.class, (e, envelope, sql) -> insert(sql, envelope, e.accountId(),
                TransactionType.WITHDRAWAL, e.amountCents(), e.newBalance()));
        onSql(TransferSent.class, (e, envelope, sql) -> insert(sql, envelope, e.accountId(),
                TransactionType.TRANSFER_OUT, e.amountCents(), e.newBalance()));
        onSql(TransferReceived.class, (e, envelope, sql) -> insert(sql, envelope, e.accountId(),
                TransactionType.TRANSFER_IN, e.amountCents(), e.newBalance()));
        onSql(TransferRefunded.class, (e, envelope, sql) -> insert(sql, envelope, e.accountId(),
                TransactionType.REFUND, e.amountCents(), e.newBalance()));
    }


    private static void insert(Sql sql, EventEnvelope<?> envelope, AccountId accountId, TransactionType type,
            long amountCents, long balanceAfterCents) throws SQLException {
        sql.update(INSERT, envelope.globalPosition(), accountId.value(), type.name(), amountCents, balanceAfterCents);
    }
}
