package dev.rewind.eventstore.internal.lease;

import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fence of work done under a lease: checked inside the transaction that commits the work, it locks the
 * partition's lease row until that transaction ends, so no other member can take the partition in between; a
 * member whose lease was taken (its token is old) sees false and rolls back.
 */
public final class LeaseFence {

    private LeaseFence() {
    }

    /**
     * Whether {@code lease} is still held by its member with its token; call it inside the transaction whose commit
     * it guards, on a connection to the database that holds the leases.
     */
    public static boolean holds(Connection connection, PartitionLease lease) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LeaseSql.FENCE)) {
            query.setString(1, lease.group());
            query.setInt(2, lease.partition());
            query.setString(3, lease.member());
            query.setLong(4, lease.token());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }
}
