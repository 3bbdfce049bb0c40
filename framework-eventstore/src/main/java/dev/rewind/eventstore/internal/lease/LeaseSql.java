package dev.rewind.eventstore.internal.lease;

/**
 * The statements of the lease tables. Times are the database's ({@code clock_timestamp()}), so members never compare
 * their own clocks. {@code rewind_leases} has one row per partition: its holder, the holder's address, the fencing
 * token (increased at every change of holder) and when the lease runs out; {@code rewind_lease_members} has one row
 * per live member of a group, which the members use to share the partitions out.
 */
final class LeaseSql {

    static final String CREATE_LOCK = "SELECT pg_advisory_xact_lock(7236398016150405170)";
    static final String CREATE_LEASES = "CREATE TABLE IF NOT EXISTS rewind_leases ("
            + "lease_group varchar(200) NOT NULL, partition_no integer NOT NULL, holder varchar(200),"
            + " holder_address varchar(1000) NOT NULL DEFAULT '', token bigint NOT NULL DEFAULT 0,"
            + " expires_at timestamptz, PRIMARY KEY (lease_group, partition_no))";
    static final String CREATE_MEMBERS = "CREATE TABLE IF NOT EXISTS rewind_lease_members ("
            + "lease_group varchar(200) NOT NULL, member varchar(200) NOT NULL, partitions integer NOT NULL,"
            + " expires_at timestamptz NOT NULL, PRIMARY KEY (lease_group, member))";

    static final String LOCK_GROUP = "SELECT partition_no FROM rewind_leases WHERE lease_group = ?"
            + " ORDER BY partition_no FOR UPDATE";
    static final String ADD_PARTITIONS = "INSERT INTO rewind_leases (lease_group, partition_no)"
            + " SELECT ?, generate_series(0, ? - 1) ON CONFLICT DO NOTHING";
    static final String OTHER_SIZES = "SELECT member, partitions FROM rewind_lease_members WHERE lease_group = ?"
            + " AND partitions <> ? AND expires_at > clock_timestamp() LIMIT 1";
    static final String HEARTBEAT = "INSERT INTO rewind_lease_members (lease_group, member, partitions, expires_at)"
            + " VALUES (?, ?, ?, clock_timestamp() + ? * interval '1 millisecond')"
            + " ON CONFLICT (lease_group, member) DO UPDATE SET expires_at = EXCLUDED.expires_at,"
            + " partitions = EXCLUDED.partitions";
    static final String FORGET_DEAD = "DELETE FROM rewind_lease_members WHERE lease_group = ?"
            + " AND expires_at < clock_timestamp()";
    static final String MEMBERS = "SELECT member FROM rewind_lease_members WHERE lease_group = ? ORDER BY member";
    static final String RENEW = "UPDATE rewind_leases SET expires_at = clock_timestamp() + ? * interval"
            + " '1 millisecond' WHERE lease_group = ? AND holder = ? AND partition_no < ?"
            + " RETURNING partition_no, token";
    static final String CLAIM = "UPDATE rewind_leases SET holder = ?, holder_address = ?, token = token + 1,"
            + " expires_at = clock_timestamp() + ? * interval '1 millisecond' WHERE lease_group = ?"
            + " AND partition_no = ? AND (holder IS NULL OR expires_at < clock_timestamp()) RETURNING token";
    static final String RELEASE = "UPDATE rewind_leases SET holder = NULL, expires_at = NULL WHERE lease_group = ?"
            + " AND partition_no = ? AND holder = ?";
    static final String RELEASE_ALL = "UPDATE rewind_leases SET holder = NULL, expires_at = NULL"
            + " WHERE lease_group = ? AND holder = ?";
    static final String LEAVE = "DELETE FROM rewind_lease_members WHERE lease_group = ? AND member = ?";
    static final String HOLDERS = "SELECT partition_no, holder, holder_address, token FROM rewind_leases"
            + " WHERE lease_group = ? AND partition_no < ? AND holder IS NOT NULL AND expires_at > clock_timestamp()";
    static final String FENCE = "SELECT 1 FROM rewind_leases WHERE lease_group = ? AND partition_no = ?"
            + " AND holder = ? AND token = ? FOR SHARE";

    private LeaseSql() {
    }
}
