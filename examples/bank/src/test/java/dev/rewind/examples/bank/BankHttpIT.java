package dev.rewind.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.examples.bank.BankClient.Answer;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.CloseAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bank as a user meets it: started in-process on an H2 folder and a free port, driven over real HTTP. One bank
 * serves the whole class (each test opens its own accounts); the restart test runs its own.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class BankHttpIT {

    @TempDir
    static Path folder;

    private BankApplication bank;
    private BankClient client;

    @BeforeAll
    void start() {
        bank = BankApplication.start("embedded:" + folder, 0);
        client = new BankClient(bank.uri());
    }

    @AfterAll
    void stop() {
        bank.close();
    }

    private long head() {
        return bank.rewind().store().headPosition();
    }

    /** Reads a transfer until it has ended; each read waits server-side for the read models to reach the head. */
    private JsonNode finishedTransfer(String transferId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode transfer = client.get("/transfers/" + transferId + "?after=" + head()).body();
            if (!transfer.get("status").asText().equals("PENDING")) {
                return transfer;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("transfer " + transferId + " still pending after 20 s");
    }

    private long balance(String accountId) {
        return client.get("/accounts/" + accountId + "?after=" + head()).body().get("balanceCents").asLong();
    }

    /** The balance once it is {@code expected}, or after 20 s whatever it is then. */
    private long balanceOnceSettled(String accountId, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long balance = balance(accountId);
        while (balance != expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            balance = balance(accountId);
        }
        return balance;
    }

    private List<String> transactionTypes(String accountId) {
        List<String> types = new ArrayList<>();
        client.get("/accounts/" + accountId + "/transactions?after=" + head()).body()
                .forEach(row -> types.add(row.get("type").asText()));
        return types;
    }

    @Nested
    class WhenTraced {

        @Test
        void a_deposit_with_a_traceparent_stores_it_with_its_event() {
            // given
            String ada = client.open("Ada");
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            // when
            Answer deposited = client.postWithHeader("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}",
                    "traceparent", traceparent);
            // then
            assertThat(deposited.status()).isEqualTo(200);
            long position = deposited.body().get("position").asLong();
            assertThat(bank.rewind().store().readAll(position, 1).get(0).metadata().traceparent())
                    .hasValueSatisfying(value -> assertThat(value)
                            .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
        }

        @Test
        void a_malformed_traceparent_is_refused_with_the_format_and_nothing_is_stored() {
            // given
            String ada = client.open("Ada");
            long before = head();
            // when
            Answer refused = client.postWithHeader("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}",
                    "traceparent", "not-a-trace");
            // then
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("error").asText()).contains("W3C format");
            assertThat(head()).isEqualTo(before);
        }
    }

    @Nested
    class WhenRetrying {

        @Test
        void a_deposit_retried_with_its_idempotency_key_is_applied_once() {
            // given
            String ada = client.open("Ada");
            String key = UUID.randomUUID().toString();
            // when
            Answer first = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}", key);
            Answer retried = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}", key);
            Answer other = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}",
                    UUID.randomUUID().toString());
            // then
            assertThat(first.status()).isEqualTo(200);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().get("version")).isEqualTo(first.body().get("version"));
            assertThat(retried.body().get("position")).isEqualTo(first.body().get("position"));
            assertThat(other.body().get("version").asLong()).isEqualTo(first.body().get("version").asLong() + 1);
            assertThat(balance(ada)).isEqualTo(200);
        }

        @Test
        void an_account_opened_twice_with_one_key_is_one_account() {
            // given
            String key = UUID.randomUUID().toString();
            // when
            Answer first = client.post("/accounts", "{\"owner\": \"Ada\"}", key);
            Answer retried = client.post("/accounts", "{\"owner\": \"Ada\"}", key);
            // then
            assertThat(first.status()).isEqualTo(201);
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.body().get("accountId")).isEqualTo(first.body().get("accountId"));
            assertThat(retried.body().get("position")).isEqualTo(first.body().get("position"));
        }

        @Test
        void a_blank_or_huge_key_is_refused_saying_what_a_key_is() {
            // given
            String ada = client.open("Ada");
            // when
            Answer blank = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 1}", " ");
            Answer huge = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 1}", "k".repeat(201));
            // then
            assertThat(blank.status()).isEqualTo(400);
            assertThat(huge.status()).isEqualTo(400);
            assertThat(huge.body().get("error").asText()).contains("Idempotency-Key must be 1 to 200 characters");
        }

        @Test
        void a_body_over_the_limit_is_refused_with_413() {
            // when
            Answer refused = client.post("/accounts", "{\"owner\": \"" + "x".repeat(70_000) + "\"}");
            // then
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.body().get("error").asText()).contains("larger than 65536 bytes");
        }
    }

    @Nested
    class WhenUsingAnAccount {

        @Test
        void opening_depositing_and_withdrawing_shows_in_the_summary_and_the_history() {
            // given
            Answer opened = client.post("/accounts", "{\"owner\": \"Ada\"}");
            String id = opened.body().get("accountId").asText();
            // when
            Answer deposited = client.post("/accounts/" + id + "/deposits", "{\"amountCents\": 1000}");
            Answer withdrawn = client.post("/accounts/" + id + "/withdrawals", "{\"amountCents\": 300}");
            long position = withdrawn.body().get("position").asLong();
            // then
            assertThat(opened.status()).isEqualTo(201);
            assertThat(opened.body().get("position").asLong()).isPositive();
            assertThat(deposited.status()).isEqualTo(200);
            assertThat(deposited.body().get("accountId").asText()).isEqualTo(id);
            assertThat(deposited.body().get("version").asLong()).isEqualTo(1);
            assertThat(withdrawn.body().get("version").asLong()).isEqualTo(2);
            Answer summary = client.get("/accounts/" + id + "?after=" + position);
            assertThat(summary.status()).isEqualTo(200);
            assertThat(summary.body().get("owner").asText()).isEqualTo("Ada");
            assertThat(summary.body().get("balanceCents").asLong()).isEqualTo(700);
            JsonNode history = client.get("/accounts/" + id + "/transactions?after=" + position).body();
            assertThat(history).hasSize(2);
            assertThat(history.get(0).get("type").asText()).isEqualTo("DEPOSIT");
            assertThat(history.get(0).get("balanceAfterCents").asLong()).isEqualTo(1000);
            assertThat(history.get(1).get("type").asText()).isEqualTo("WITHDRAWAL");
            assertThat(history.get(1).get("amountCents").asLong()).isEqualTo(300);
            assertThat(history.get(1).get("position").asLong()).isEqualTo(position);
        }

        @Test
        void an_overdraft_is_409_and_appends_nothing() {
            // given
            String id = client.open("Ada");
            client.deposit(id, 100);
            long before = head();
            // when
            Answer refused = client.post("/accounts/" + id + "/withdrawals", "{\"amountCents\": 500}");
            // then
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("error").asText()).contains("balance 100 is less than 500");
            assertThat(refused.body().size()).isEqualTo(1);
            assertThat(head()).isEqualTo(before);
            assertThat(balance(id)).isEqualTo(100);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "malformed JSON                  | {\"amountCents\": 1       | not valid JSON",
            "not an object                   | [1000]                    | must be a JSON object",
            "missing amount                  | {}                        | missing field amountCents",
            "amount as text                  | {\"amountCents\": \"10\"} | must be a whole number of cents",
            "fractional amount               | {\"amountCents\": 1.5}    | must be a whole number of cents",
            "zero amount                     | {\"amountCents\": 0}      | must be positive, got 0",
            "negative amount                 | {\"amountCents\": -5}     | must be positive, got -5",
        })
        void a_bad_deposit_is_400_and_appends_nothing(String what, String body, String message) {
            // given
            String id = client.open("Ada");
            long before = head();
            // when
            Answer refused = client.post("/accounts/" + id + "/deposits", body);
            // then
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("error").asText()).contains(message);
            assertThat(head()).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "missing owner  | {}                  | missing field owner",
            "owner a number | {\"owner\": 7}     | owner must be a string",
            "blank owner    | {\"owner\": \"  \"} | owner must not be blank",
        })
        void a_bad_opening_is_400_and_appends_nothing(String what, String body, String message) {
            long before = head();
            Answer refused = client.post("/accounts", body);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("error").asText()).contains(message);
            assertThat(head()).isEqualTo(before);
        }

        @Test
        void an_unknown_account_is_404_and_appends_nothing() {
            long before = head();
            Answer deposit = client.post("/accounts/nobody/deposits", "{\"amountCents\": 10}");
            assertThat(deposit.status()).isEqualTo(404);
            assertThat(deposit.body().get("error").asText()).isEqualTo("account nobody does not exist");
            assertThat(client.get("/accounts/nobody").status()).isEqualTo(404);
            assertThat(client.get("/accounts/nobody/transactions").status()).isEqualTo(404);
            assertThat(client.get("/transfers/nothing").status()).isEqualTo(404);
            assertThat(client.get("/vaults").status()).isEqualTo(404);
            assertThat(head()).isEqualTo(before);
        }

        @Test
        void a_bad_or_future_after_position_is_400() {
            String id = client.open("Ada");
            assertThat(client.get("/accounts/" + id + "?after=soon").body().get("error").asText())
                    .contains("after must be a position");
            Answer future = client.get("/accounts/" + id + "?after=" + (head() + 100));
            assertThat(future.status()).isEqualTo(400);
            assertThat(future.body().get("error").asText()).contains("beyond the last stored position");
        }
    }

    @Nested
    class WhenTransferring {

        @Test
        void money_moves_from_one_account_to_the_other() {
            // given
            String ada = client.open("Ada");
            String bob = client.open("Bob");
            client.deposit(ada, 1000);
            // when
            Answer accepted = client.post("/transfers",
                    "{\"from\": \"" + ada + "\", \"to\": \"" + bob + "\", \"amountCents\": 250}");
            // then
            assertThat(accepted.status()).isEqualTo(202);
            JsonNode transfer = finishedTransfer(accepted.body().get("transferId").asText());
            assertThat(transfer.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(transfer.get("reason").isNull()).isTrue();
            assertThat(balance(ada)).isEqualTo(750);
            assertThat(balance(bob)).isEqualTo(250);
            assertThat(transactionTypes(ada)).containsExactly("DEPOSIT", "TRANSFER_OUT");
            assertThat(transactionTypes(bob)).containsExactly("TRANSFER_IN");
        }

        @Test
        void a_transfer_larger_than_the_balance_fails_with_the_reason() {
            String ada = client.open("Ada");
            String bob = client.open("Bob");
            client.deposit(ada, 100);
            Answer accepted = client.post("/transfers",
                    "{\"from\": \"" + ada + "\", \"to\": \"" + bob + "\", \"amountCents\": 250}");
            JsonNode transfer = finishedTransfer(accepted.body().get("transferId").asText());
            assertThat(transfer.get("status").asText()).isEqualTo("FAILED");
            assertThat(transfer.get("reason").asText()).contains("balance 100 is less than 250");
            assertThat(balance(ada)).isEqualTo(100);
            assertThat(balance(bob)).isZero();
        }

        @Test
        void a_transfer_to_a_closed_account_refunds_the_payer() {
            String ada = client.open("Ada");
            String bob = client.open("Bob");
            client.deposit(ada, 1000);
            bank.rewind().commands().send(new CloseAccount(new AccountId(bob)));
            Answer accepted = client.post("/transfers",
                    "{\"from\": \"" + ada + "\", \"to\": \"" + bob + "\", \"amountCents\": 250}");
            JsonNode transfer = finishedTransfer(accepted.body().get("transferId").asText());
            assertThat(transfer.get("status").asText()).isEqualTo("FAILED");
            assertThat(transfer.get("reason").asText()).contains("is closed").contains("250 cents are refunded");
            // the refund is the transfer process's reaction to the failure, so it may land a moment after it
            assertThat(balanceOnceSettled(ada, 1000)).isEqualTo(1000);
            assertThat(transactionTypes(ada)).containsExactly("DEPOSIT", "TRANSFER_OUT", "REFUND");
        }

        @Test
        void a_transfer_naming_an_unknown_or_the_same_account_is_refused_and_appends_nothing() {
            String ada = client.open("Ada");
            long before = head();
            Answer unknown = client.post("/transfers",
                    "{\"from\": \"" + ada + "\", \"to\": \"nobody\", \"amountCents\": 5}");
            Answer same = client.post("/transfers",
                    "{\"from\": \"" + ada + "\", \"to\": \"" + ada + "\", \"amountCents\": 5}");
            Answer missing = client.post("/transfers", "{\"from\": \"" + ada + "\", \"amountCents\": 5}");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().get("error").asText()).isEqualTo("account nobody does not exist");
            assertThat(same.status()).isEqualTo(400);
            assertThat(same.body().get("error").asText()).contains("different accounts");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body().get("error").asText()).isEqualTo("missing field to");
            assertThat(head()).isEqualTo(before);
        }
    }

    @Nested
    class WhenOperating {

        @Test
        void every_projector_and_the_transfer_process_report_their_status() {
            String ada = client.open("Ada");
            long position = client.deposit(ada, 10);
            client.get("/accounts/" + ada + "?after=" + position);
            JsonNode statuses = client.get("/projections").body();
            List<String> names = new ArrayList<>();
            statuses.forEach(status -> names.add(status.get("name").asText()));
            assertThat(names).containsExactlyInAnyOrder("account-summaries", "account-transactions",
                    "transfer-statuses", "transfer-process");
            statuses.forEach(status -> {
                assertThat(status.get("position").asLong()).isGreaterThanOrEqualTo(position);
                assertThat(status.get("lag").asLong()).isNotNegative();
                assertThat(status.get("state").asText()).isIn("LIVE", "CATCHING_UP");
            });
        }

        @Test
        void the_accounts_are_still_there_after_a_restart(@TempDir Path own) {
            // given
            String ada;
            long before;
            try (BankApplication first = BankApplication.start("embedded:" + own, 0)) {
                BankClient firstClient = new BankClient(first.uri());
                ada = firstClient.open("Ada");
                firstClient.deposit(ada, 1000);
                before = first.rewind().store().headPosition();
            }
            // when
            try (BankApplication second = BankApplication.start("embedded:" + own, 0)) {
                BankClient secondClient = new BankClient(second.uri());
                // then
                assertThat(second.rewind().store().headPosition()).isEqualTo(before);
                assertThat(secondClient.get("/accounts/" + ada + "?after=" + before).body().get("balanceCents")
                        .asLong()).isEqualTo(1000);
                Answer deposited = secondClient.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 5}");
                assertThat(deposited.body().get("version").asLong()).isEqualTo(2);
                long after = deposited.body().get("position").asLong();
                JsonNode history = secondClient.get("/accounts/" + ada + "/transactions?after=" + after).body();
                assertThat(history).hasSize(2);
                assertThat(history.get(1).get("balanceAfterCents").asLong()).isEqualTo(1005);
            }
        }
    }
}
