package dev.rewind.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 deposits to one account from 8 HTTP clients at once: every one is answered 200 (commands to one aggregate
 * take turns in the bank's JVM, so none meets a conflict) and the balance holds all of them, on the embedded store
 * and on PostgreSQL.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class ConcurrentDepositsIT {

    private static final String POSTGRES = System.getProperty("rewind.postgresUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @Test
    void two_hundred_concurrent_deposits_to_one_account_all_succeed_on_the_embedded_store(@TempDir Path folder)
            throws Exception {
        depositConcurrently("embedded:" + folder);
    }

    @Test
    void two_hundred_concurrent_deposits_to_one_account_all_succeed_on_postgresql() throws Exception {
        String schema = "rewind_bank_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        try {
            depositConcurrently(POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void depositConcurrently(String store) throws Exception {
        try (BankApplication bank = BankApplication.start(store, 0)) {
            BankClient client = new BankClient(bank.uri());
            String account = client.open("Ada");
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    answers.add(clients.submit(() -> client.post("/accounts/" + account + "/deposits",
                            "{\"amountCents\": 5}").status()));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).hasSize(200).containsOnly(200);
            } finally {
                clients.shutdownNow();
            }
            long head = bank.rewind().store().headPosition();
            assertThat(client.get("/accounts/" + account + "?after=" + head).body().get("balanceCents").asLong())
                    .isEqualTo(1_000);
            assertThat(bank.rewind().store().readStream("account-" + account)).hasSize(201);
        }
    }

    /**
     * Runs one statement on PostgreSQL; skips the test if no server answers, unless PostgreSQL is required
     * ({@code rewind.requirePostgres} or {@code REWIND_REQUIRE_POSTGRES} is 1, as CI sets it): then it fails.
     */
    private static void execute(String statement) {
        try (Connection connection = DriverManager.getConnection(POSTGRES);
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            String required = System.getProperty("rewind.requirePostgres",
                    System.getenv().getOrDefault("REWIND_REQUIRE_POSTGRES", ""));
            if (required.equals("1") || required.equalsIgnoreCase("true")) {
                fail("PostgreSQL is required but " + POSTGRES + " does not answer: " + e.getMessage(), e);
            }
            assumeTrue(false, "Skipped: no PostgreSQL at " + POSTGRES + " (" + e.getMessage() + ")");
        }
    }
}
