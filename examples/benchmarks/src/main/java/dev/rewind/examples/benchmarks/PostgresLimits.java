package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * L4, what the database itself does for the two halves of a command, with plain JDBC (no pool, no framework), each
 * client on a connection of its own, in a fresh schema with a table shaped like the event table, at 1, 4 and 16
 * clients: one-row insert transactions (auto-commit: one round trip and one flushed commit each), and reads of one
 * 101-event stream (all columns, in version order) from a table filled as W1 leaves it (1,000 streams, interleaved).
 * Measured in the same JVM and run as the PostgreSQL store's figures.
 */
final class PostgresLimits {

    static final int[] CLIENTS = {1, 4, 16};
    private static final int STREAMS = 1_000;
    private static final int STREAM_LENGTH = 101;
    private static final byte[] PAYLOAD = "{\"accountId\":\"acc-7\",\"amountCents\":100,\"newBalance\":300}"
            .getBytes(UTF_8);
    private static final String METADATA = "{\"correlationId\":\"" + UUID.randomUUID() + "\",\"causationId\":\""
            + UUID.randomUUID() + "\",\"headers\":{}}";

    private PostgresLimits() {
    }

    /** {@code count} transactions (and as many stream reads) at each client count; adds the {@code l4_pg_} figures. */
    static void measure(String databaseUrl, int count, Figures figures) throws Exception {
        PostgresSchema schema = PostgresSchema.fresh(databaseUrl);
        try {
            try (Connection connection = schema.connect(); Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE SCHEMA " + schema.name());
                ddl.execute("CREATE TABLE " + schema.name() + ".l4_events (global_position BIGSERIAL PRIMARY KEY,"
                        + " stream_id VARCHAR(1000) NOT NULL, stream_version BIGINT NOT NULL, event_id UUID NOT NULL"
                        + " UNIQUE, event_type VARCHAR(1000) NOT NULL, payload BYTEA NOT NULL, metadata TEXT,"
                        + " recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL, UNIQUE (stream_id, stream_version))");
            }
            run(schema, 1, Math.max(1, count / 10), "warm", PostgresLimits::insert);
            for (int clients : CLIENTS) {
                System.gc();
                figures.add("l4_pg_commit_" + clients + suffix(clients),
                        run(schema, clients, count, "c" + clients, PostgresLimits::insert), "tx/s");
            }
            fill(schema);
            run(schema, 1, Math.max(1, count / 10), "warm", PostgresLimits::read);
            for (int clients : CLIENTS) {
                System.gc();
                figures.add("l4_pg_read_stream101_" + clients + suffix(clients),
                        run(schema, clients, count, "r" + clients, PostgresLimits::read), "reads/s");
            }
        } finally {
            schema.drop();
        }
    }

    private static String suffix(int clients) {
        return clients == 1 ? "client" : "clients";
    }

    /** The table as W1 leaves it: 1,000 streams of 101 events, written round-robin (the deposits' order). */
    private static void fill(PostgresSchema schema) throws SQLException {
        try (Connection connection = schema.connect(); Statement sql = connection.createStatement()) {
            sql.execute("TRUNCATE l4_events");
            sql.execute("INSERT INTO l4_events (stream_id, stream_version, event_id, event_type, payload, metadata,"
                    + " recorded_at) SELECT 'acc-' || a, v, gen_random_uuid(), 'MoneyDeposited', '\\x"
                    + hex(PAYLOAD) + "', '" + METADATA + "', now() FROM generate_series(0, " + (STREAM_LENGTH - 1)
                    + ") v, generate_series(0, " + (STREAMS - 1) + ") a ORDER BY v, a");
            sql.execute("ANALYZE l4_events");
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    /** One client's work: {@code count} operations on its connection, labelled for distinct rows. */
    @FunctionalInterface
    private interface Work {
        void run(Connection connection, String label, int count) throws SQLException;
    }

    private static void insert(Connection connection, String label, int count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO l4_events (stream_id,"
                + " stream_version, event_id, event_type, payload, metadata, recorded_at)"
                + " VALUES (?, ?, ?, 'MoneyDeposited', ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, label + "-" + i % STREAMS);
                insert.setLong(2, i / STREAMS);
                insert.setObject(3, UUID.randomUUID());
                insert.setBytes(4, PAYLOAD);
                insert.setString(5, METADATA);
                insert.setObject(6, OffsetDateTime.now());
                insert.executeUpdate();
            }
        }
    }

    private static void read(Connection connection, String label, int count) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT global_position, stream_id,"
                + " stream_version, event_id, event_type, payload, metadata, recorded_at FROM l4_events"
                + " WHERE stream_id = ? ORDER BY stream_version")) {
            int offset = Math.abs(label.hashCode());
            for (int i = 0; i < count; i++) {
                query.setString(1, "acc-" + (offset + i) % STREAMS);
                int rows = 0;
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        result.getLong(1);
                        result.getString(2);
                        result.getLong(3);
                        result.getObject(4, UUID.class);
                        result.getString(5);
                        result.getBytes(6);
                        result.getString(7);
                        result.getObject(8, OffsetDateTime.class);
                        rows++;
                    }
                }
                if (rows != STREAM_LENGTH) {
                    throw new IllegalStateException("An L4 stream read returned " + rows + " rows");
                }
            }
        }
    }

    /** Runs {@code count} operations split over {@code clients} threads; returns operations/s. */
    private static double run(PostgresSchema schema, int clients, int count, String label, Work work)
            throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                connections.add(schema.connect());
            }
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Connection connection = connections.get(c);
                String name = label + "-" + c;
                int share = count / clients + (c < count % clients ? 1 : 0);
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        work.run(connection, name, share);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "l4-client-" + c));
            }
            threads.forEach(Thread::start);
            long begin = System.nanoTime();
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - begin;
            if (failure.get() != null) {
                throw new IllegalStateException("An L4 client failed", failure.get());
            }
            return CommandScenarios.perSecond(count, elapsed);
        } finally {
            for (Connection connection : connections) {
                close(connection);
            }
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // measured already
        }
    }
}
