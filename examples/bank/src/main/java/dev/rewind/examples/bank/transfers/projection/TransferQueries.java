package dev.rewind.examples.bank.transfers.projection;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the transfers read model that {@link TransferStatusProjector} keeps. */
public final class TransferQueries {

    private static final String FIND = "SELECT status, reason FROM bank_transfers WHERE transfer_id = ?";

    private final DataSource dataSource;

    /** Queries over the event store's database. */
    public TransferQueries(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /** The status of one transfer, if the projector has seen it requested. */
    public Optional<TransferView> findTransfer(TransferId transferId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(FIND)) {
            query.setString(1, transferId.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new TransferView(transferId.value(), TransferStatus.valueOf(row.getString(1)),
                                row.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not read transfer " + transferId.value() + " (" + e.getMessage()
                    + ")", e);
        }
    }
}
