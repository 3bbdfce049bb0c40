package dev.rewind.examples.bank.transfers.projection;

import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.eventstore.readmodel.Sql;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import java.sql.SQLException;

/** Keeps the status of every transfer in {@code bank_transfers}, exactly once with its checkpoint. */
public final class TransferStatusProjector extends JdbcProjector {

    private static final String INSERT = "INSERT INTO bank_transfers (transfer_id, status) VALUES (?, ?)";
    private static final String FINISH = "UPDATE bank_transfers SET status = ?, reason = ? WHERE transfer_id = ?";

    /** A projector named {@code transfer-statuses}; attach the store's data source before it runs. */
    public TransferStatusProjector() {
        super("transfer-statuses");
        onSql(TransferRequested.class, (e, sql) -> sql.update(INSERT, e.transferId().value(),
                TransferStatus.PENDING.name()));
        onSql(TransferCompleted.class, (e, sql) -> sql.update(FINISH, TransferStatus.COMPLETED.name(), null,
                e.transferId().value()));
        onSql(TransferFailed.class, (e, sql) -> sql.update(FINISH, TransferStatus.FAILED.name(), reason(e),
                e.transferId().value()));
    }

    /** Empties {@code bank_transfers}, for a rebuild from the first event. */
    @Override
    protected void reset(Sql sql) throws SQLException {
        sql.update("DELETE FROM bank_transfers");
    }

    private static String reason(TransferFailed failed) {
        return failed.refundCents() == 0 ? failed.reason()
                : failed.reason() + "; " + failed.refundCents() + " cents are refunded to account "
                        + failed.refundTo().value();
    }
}
