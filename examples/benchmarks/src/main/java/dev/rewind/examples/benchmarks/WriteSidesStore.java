package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.command.CommandRoutingConfig;
import dev.rewind.bus.command.RoutingCommandBus;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The fresh PostgreSQL schema of one {@link WriteSidesPart} scenario, with the store's and the leases' tables made
 * before any side starts (so the sides do not race to create them), and what the scenario asks of it: who holds the
 * partitions, the projector's checkpoints, a filled log. Dropped on close.
 */
final class WriteSidesStore implements AutoCloseable {

    private static final long WAIT_NANOS = 60_000_000_000L;

    private final PostgresSchema schema;
    private final EventStoreBackend backend;

    private WriteSidesStore(PostgresSchema schema, EventStoreBackend backend) {
        this.schema = schema;
        this.backend = backend;
    }

    static WriteSidesStore fresh(String databaseUrl) {
        PostgresSchema schema = PostgresSchema.fresh(databaseUrl);
        try {
            EventStoreBackend backend = EventStores.openBackend(schema.url());
            backend.partitionLeases();
            return new WriteSidesStore(schema, backend);
        } catch (RuntimeException e) {
            schema.drop();
            throw e;
        }
    }

    String url() {
        return schema.url();
    }

    /** How many events the store holds. */
    long events() throws SQLException {
        try (Connection connection = schema.connect(); Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT count(*) FROM rewind_events")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A log line with the machine's load average, so a figure can be read against what else ran. */
    void log(String what) {
        System.err.printf("pgscale: %s (load average %.2f)%n", what,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Waits until every partition of group {@code aggregates} has a live lease held by one of {@code members}, each
     * holding at least {@code leastEach}; returns the wall-clock millis when it saw that.
     */
    long awaitHolders(List<String> members, int leastEach) throws SQLException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        try (Connection connection = schema.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT holder, count(*) FROM rewind_leases WHERE lease_group = ? AND holder IS NOT NULL"
                        + " AND expires_at > now() GROUP BY holder")) {
            query.setString(1, RoutingCommandBus.GROUP);
            while (System.nanoTime() < deadline) {
                Map<String, Long> held = new HashMap<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        held.put(result.getString(1), result.getLong(2));
                    }
                }
                long total = members.stream().mapToLong(member -> held.getOrDefault(member, 0L)).sum();
                if (total == CommandRoutingConfig.DEFAULT_PARTITIONS
                        && members.stream().allMatch(member -> held.getOrDefault(member, 0L) >= leastEach)) {
                    return System.currentTimeMillis();
                }
                LockSupport.parkNanos(10_000_000);
            }
        }
        throw new IllegalStateException("The partitions of " + members + " did not settle within a minute");
    }

    /** Appends {@code events} deposits, 100 to an append, over {@code streams} accounts; returns the head. */
    long fill(int events, int streams) {
        int perStream = events / streams;
        long start = System.nanoTime();
        for (int s = 0; s < streams; s++) {
            String account = BankWorkload.accountId(s);
            List<NewEvent> batch = new ArrayList<>();
            for (int v = 0; v < perStream; v++) {
                batch.add(NewEvent.of("MoneyDeposited", ("{\"accountId\":\"" + account
                        + "\",\"amountCents\":100,\"newBalance\":" + (v + 1) * 100 + "}").getBytes(UTF_8)));
                if (batch.size() == 100 || v == perStream - 1) {
                    backend.store().append(account, ExpectedVersion.any(), batch);
                    batch = new ArrayList<>();
                }
            }
        }
        log(String.format("filled %d events over %d streams in %.1f s", events, streams,
                (System.nanoTime() - start) / 1e9));
        return backend.store().headPosition();
    }

    /** Waits until every partition's checkpoint of projector {@code name} has reached {@code head}. */
    void awaitCheckpoints(String name, int partitions, long head) throws SQLException {
        long deadline = System.nanoTime() + 10 * WAIT_NANOS;
        try (Connection connection = schema.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM rewind_checkpoints WHERE projector LIKE ? AND last_position >= ?")) {
            query.setString(1, name + "#%");
            query.setLong(2, head);
            while (System.nanoTime() < deadline) {
                try (ResultSet result = query.executeQuery()) {
                    result.next();
                    if (result.getLong(1) == partitions) {
                        return;
                    }
                }
                LockSupport.parkNanos(20_000_000);
            }
        }
        throw new IllegalStateException("Projector " + name + " did not reach " + head + " within ten minutes");
    }

    /** Checks that the projector's table holds {@code streams} balances of {@code balance} each. */
    void checkBalances(String table, int streams, long balance) throws SQLException {
        try (Connection connection = schema.connect(); Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery("SELECT count(*), min(cents), max(cents) FROM " + table)) {
            result.next();
            if (result.getLong(1) != streams || result.getLong(2) != balance || result.getLong(3) != balance) {
                throw new IllegalStateException("Projector " + table + " holds " + result.getLong(1)
                        + " balances between " + result.getLong(2) + " and " + result.getLong(3) + ", not "
                        + streams + " of " + balance);
            }
        }
    }

    /** PostgreSQL's flush rate: single-row inserts, each its own commit, on one new connection; commits/s. */
    static double flushRate(String databaseUrl, int seconds) throws SQLException {
        PostgresSchema schema = PostgresSchema.fresh(databaseUrl);
        try (Connection connection = schema.connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE SCHEMA " + schema.name());
                ddl.execute("CREATE TABLE " + schema.name() + ".flush (id BIGSERIAL PRIMARY KEY, v BIGINT)");
            }
            long commits = 0;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.name()
                    + ".flush (v) VALUES (?)")) {
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                long now = start;
                while (now < end) {
                    insert.setLong(1, commits);
                    insert.executeUpdate();
                    commits++;
                    now = System.nanoTime();
                }
                return CommandScenarios.perSecond(commits, now - start);
            }
        } finally {
            schema.drop();
        }
    }

    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            schema.drop();
        }
    }
}
