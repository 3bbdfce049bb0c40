package dev.rewind.examples.bank.transfers.projection;

import com.google.inject.Inject;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import javax.sql.DataSource;

/** Keeps the status of every transfer in {@code bank_transfers}, exactly once with its checkpoint. */
public final class TransferStatusProjector extends JdbcProjector {

    private static final String INSERT = "INSERT INTO bank_transfers (transfer_id, status) VALUES (?, ?)";
    private static final String FINISH = "UPDATE bank_transfers SET status = ?, reason = ? WHERE transfer_id = ?";

    private static final String TABLE = "CREATE TABLE IF NOT EXISTS bank_transfers ("
            + "transfer_id VARCHAR(100) PRIMARY KEY, status VARCHAR(20) NOT NULL, reason VARCHAR(1000))";

    /** A projector named {@code transfer-statuses}, writing into the event store's database. */
    @Inject
    public TransferStatusProjector(DataSource dataSource) {
        super("transfer-statuses", dataSource);
        // four partitions, so that read sides sharing a PostgreSQL database share the work
        partitioned(4);
        ownsTable("bank_transfers", TABLE);
        onSql(TransferRequested.class, (e, sql) -> sql.update(INSERT, e.transferId().value(),
                TransferStatus.PENDING.name()));
        onSql(TransferCompleted.class, (e, sql) -> sql.update(FINISH, TransferStatus.COMPLETED.name(), null,
                e.transferId().value()));
        onSql(TransferFailed.class, (e, sql) -> sql.update(FINISH, TransferStatus.FAILED.name(), reason(e),
                e.transferId().value()));
    }


    private static String reason(TransferFailed failed) {
        return failed.refundCents() == 0 ? failed.reason()
                : failed.reason() + "; " + failed.refundCents() + " cents are refunded to account "
                        + failed.refundTo().value();
    }
}
