package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * L4, the database's own commit rate: plain JDBC (no pool, no framework), each client on a connection of its own
 * inserting one row per transaction (auto-commit: one round trip and one commit per row) into a table shaped like
 * the event table, in a fresh schema. Measured in the same JVM and run as the PostgreSQL store's figures.
 */
final class PostgresCommits {

    static final int[] CLIENTS = {1, 4, 16};
    private static final byte[] PAYLOAD = "{\"accountId\":\"acc-7\",\"amountCents\":100,\"newBalance\":300}"
            .getBytes(UTF_8);

    private PostgresCommits() {
    }

    /** Measures {@code rows} one-row transactions at 1, 4 and 16 clients; adds {@code l4_pg_commit_<n>client(s)}. */
    static void measure(String databaseUrl, int rows, Figures figures) throws Exception {
        PostgresSchema schema = PostgresSchema.fresh(databaseUrl);
        try {
            try (Connection connection = schema.connect(); Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE SCHEMA " + schema.name());
                ddl.execute("CREATE TABLE " + schema.name() + ".l4_events (global_position BIGSERIAL PRIMARY KEY,"
                        + " stream_id VARCHAR(255) NOT NULL, version INT NOT NULL, type VARCHAR(255) NOT NULL,"
                        + " payload BYTEA NOT NULL, UNIQUE (stream_id, version))");
            }
            insert(schema, 1, Math.max(1, rows / 10), "warm");
            for (int clients : CLIENTS) {
                System.gc();
                double rate = insert(schema, clients, rows, "c" + clients);
                figures.add("l4_pg_commit_" + clients + (clients == 1 ? "client" : "clients"), rate, "tx/s");
            }
        } finally {
            schema.drop();
        }
    }

    /** Inserts {@code rows} rows from {@code clients} threads, one transaction each; returns transactions/s. */
    private static double insert(PostgresSchema schema, int clients, int rows, String label) throws Exception {
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
                String stream = label + "-" + c + "-";
                int count = rows / clients + (c < rows % clients ? 1 : 0);
                threads.add(new Thread(() -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO l4_events"
                            + " (stream_id, version, type, payload) VALUES (?, ?, 'MoneyDeposited', ?)")) {
                        start.await();
                        for (int i = 0; i < count; i++) {
                            insert.setString(1, stream + i % 1000);
                            insert.setInt(2, i / 1000);
                            insert.setBytes(3, PAYLOAD);
                            insert.executeUpdate();
                        }
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
            return CommandScenarios.perSecond(rows, elapsed);
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
