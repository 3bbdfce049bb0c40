package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.spi.PartitionLeases.Membership;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import dev.rewind.eventstore.internal.lease.LeaseFence;
import dev.rewind.eventstore.internal.lease.PostgresPartitionLeases;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partition leases on a real PostgreSQL: sharing, hand-over on leaving, take-over after a member goes silent. */
class PartitionLeasesPostgresTest {

    private static final Duration LEASE = Duration.ofMillis(900);
    private static final String GROUP = "projector:test";

    private String schema;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<PostgresPartitionLeases> opened = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        PostgresTestDatabase.assumeAvailable();
        schema = PostgresTestDatabase.createSchema();
    }

    @AfterEach
    void dropSchema() {
        opened.forEach(PostgresPartitionLeases::close);
        pools.forEach(HikariDataSource::close);
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aLoneMemberHoldsEveryPartitionAndAJoinerTakesItsShare() {
        Recorder first = new Recorder();
        Membership one = leases(pool()).join(GROUP, 8, "tcp://one", first);
        assertThat(partitions(one.held())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(first.last()).isEqualTo(one.held());

        Membership two = leases(pool()).join(GROUP, 8, "tcp://two", new Recorder());
        await(() -> one.held().size() == 4 && two.held().size() == 4, "the partitions shared 4 and 4");
        Set<Integer> all = new HashSet<>(partitions(one.held()));
        all.addAll(partitions(two.held()));
        assertThat(all).hasSize(8);
        await(() -> one.holders().size() == 8 && one.holders().values().stream()
                .filter(l -> l.address().equals("tcp://two")).count() == 4, "the holders seen by the first");
    }

    @Test
    void aLeavingMemberHandsItsPartitionsOverWithNewTokens() throws SQLException {
        DataSource pool = pool();
        Membership one = leases(pool).join(GROUP, 4, "", new Recorder());
        Membership two = leases(pool()).join(GROUP, 4, "", new Recorder());
        await(() -> one.held().size() == 2 && two.held().size() == 2, "the partitions shared");
        Set<PartitionLease> before = two.held();

        two.close();
        await(() -> one.held().size() == 4, "the first to hold all four");
        for (PartitionLease old : before) {
            PartitionLease now = one.held().stream().filter(l -> l.partition() == old.partition()).findFirst()
                    .orElseThrow();
            assertThat(now.token()).isGreaterThan(old.token());
            assertThat(fenceHolds(pool, old)).isFalse();
            assertThat(fenceHolds(pool, now)).isTrue();
        }
    }

    @Test
    void aSilentMemberGivesUpItsPartitionsAndAnotherTakesThemOnceTheLeaseRunsOut() {
        CuttableDataSource cut = new CuttableDataSource(pool());
        Recorder silent = new Recorder();
        Membership one = leases(cut).join(GROUP, 4, "", silent);
        Membership two = leases(pool()).join(GROUP, 4, "", new Recorder());
        await(() -> one.held().size() == 2 && two.held().size() == 2, "the partitions shared");

        long cutAt = System.nanoTime();
        cut.down.set(true);
        await(() -> two.held().size() == 4, "the live member to take all four");
        long movedMillis = (System.nanoTime() - cutAt) / 1_000_000;
        assertThat(silent.last()).isEmpty();
        assertThat(silent.emptiedAtNanos).isLessThan(System.nanoTime());
        assertThat(movedMillis).isBetween(LEASE.toMillis() / 2, LEASE.toMillis() * 4);
    }

    @Test
    void membersGivingAnotherNumberOfPartitionsAreRefused() {
        leases(pool()).join(GROUP, 4, "", new Recorder());
        PostgresPartitionLeases other = leases(pool());
        assertThatThrownBy(() -> other.join(GROUP, 8, "", new Recorder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("gives 8");
    }

    private static boolean fenceHolds(DataSource pool, PartitionLease lease) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            boolean holds = LeaseFence.holds(connection, lease);
            connection.rollback();
            return holds;
        }
    }

    private PostgresPartitionLeases leases(DataSource pool) {
        PostgresPartitionLeases leases = new PostgresPartitionLeases(pool, LEASE);
        opened.add(leases);
        return leases;
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresTestDatabase.config(schema));
        config.setMaximumPoolSize(3);
        config.setConnectionTimeout(2_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private static List<Integer> partitions(Set<PartitionLease> leases) {
        return leases.stream().map(PartitionLease::partition).sorted().collect(Collectors.toList());
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    /** Records what the leases told the listener. */
    private static final class Recorder implements PartitionLeases.Listener {
        private final List<Set<PartitionLease>> seen = new CopyOnWriteArrayList<>();
        private volatile long emptiedAtNanos = Long.MAX_VALUE;

        @Override
        public void held(Set<PartitionLease> held) {
            seen.add(held);
            if (held.isEmpty()) {
                emptiedAtNanos = System.nanoTime();
            }
        }

        Set<PartitionLease> last() {
            return seen.get(seen.size() - 1);
        }
    }

    /** A data source whose connections start failing when told, as for a process cut off from the database. */
    private static final class CuttableDataSource implements DataSource {
        private final DataSource delegate;
        private final AtomicBoolean down = new AtomicBoolean();

        CuttableDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("cut off (test)");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
