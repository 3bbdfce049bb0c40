package dev.rewind.examples.bank.transfers.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The transfers read-model table, created in the event store's database if it is missing. */
public final class TransferTables {

    static final String TRANSFERS = "CREATE TABLE IF NOT EXISTS bank_transfers ("
            + "transfer_id VARCHAR(100) PRIMARY KEY, status VARCHAR(20) NOT NULL, reason VARCHAR(1000))";

    private TransferTables() {
    }

    /**
     * Creates the table if it does not exist yet; run it before the projectors start.
     *
     * @throws SQLException if the database refuses
     */
    public static void create(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(TRANSFERS);
        }
    }
}
