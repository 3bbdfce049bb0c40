package dev.rewind.examples.bank.accounts.projection;

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

/** Writes one {@code bank_account_transactions} row per money movement, keyed by the event's global position. */
public final class TransactionHistoryProjector extends JdbcProjector {

    private static final String INSERT = "INSERT INTO bank_account_transactions"
            + " (position, account_id, type, amount_cents, balance_after_cents) VALUES (?, ?, ?, ?, ?)";

    /** A projector named {@code account-transactions}; attach the store's data source before it runs. */
    public TransactionHistoryProjector() {
        super("account-transactions");
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

    /** Empties {@code bank_account_transactions}, for a rebuild from the first event. */
    @Override
    protected void reset(Sql sql) throws SQLException {
        sql.update("DELETE FROM bank_account_transactions");
    }

    private static void insert(Sql sql, EventEnvelope<?> envelope, AccountId accountId, TransactionType type,
            long amountCents, long balanceAfterCents) throws SQLException {
        sql.update(INSERT, envelope.globalPosition(), accountId.value(), type.name(), amountCents, balanceAfterCents);
    }
}
