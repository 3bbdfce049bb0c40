package dev.rewind.examples.bank.transfers.projection;

import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.eventstore.readmodel.SqlQueries;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the transfers read model that {@link TransferStatusProjector} keeps. */
public final class TransferQueries {

    private static final String FIND = "SELECT status, reason FROM bank_transfers WHERE transfer_id = ?";

    private final SqlQueries queries;

    /** Queries over the event store's database. */
    public TransferQueries(DataSource dataSource) {
        this.queries = new SqlQueries(dataSource);
    }

    /** The status of one transfer, if the projector has seen it requested. */
    public Optional<TransferView> findTransfer(TransferId transferId) {
        return queries.first(FIND, row -> new TransferView(transferId.value(),
                TransferStatus.valueOf(row.getString(1)), row.getString(2)), transferId.value());
    }
}
