package dev.rewind.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.eventstore.EventStores;
import dev.rewind.examples.bank.BankClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bank as operators see it: its admin console and API on their own port, and a hub going away. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(90)
class BankOperationsIT {

    private static final String TOKEN = "bank-admin-token-4711";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_admin_port_serves_the_console_and_the_api_and_actions_need_the_token(@TempDir Path folder)
            throws Exception {
        // given
        BankConfig config = BankConfig.embedded("embedded:" + folder, 0).withAdmin(0, TOKEN);
        try (BankApplication bank = BankApplication.start(config)) {
            String ada = new BankClient(bank.uri()).open("Ada");
            URI admin = bank.adminUri().orElseThrow();
            // when
            HttpResponse<String> console = send(HttpRequest.newBuilder(admin));
            JsonNode streams = JSON.readTree(send(HttpRequest.newBuilder(
                    admin.resolve("/admin/api/streams?prefix=account-"))).body());
            JsonNode projectors = JSON.readTree(send(HttpRequest.newBuilder(
                    admin.resolve("/admin/api/projectors"))).body());
            HttpResponse<String> withoutToken = send(HttpRequest.newBuilder(
                    admin.resolve("/admin/api/projectors/account-summaries/restart"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> running = send(HttpRequest.newBuilder(
                    admin.resolve("/admin/api/projectors/account-summaries/restart"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> health = send(HttpRequest.newBuilder(admin.resolve("/health")));
            // then
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("Rewind console");
            assertThat(streams.get("streams").get(0).get("streamId").asText()).isEqualTo("account-" + ada);
            List<String> names = new ArrayList<>();
            projectors.forEach(p -> names.add(p.get("name").asText()));
            assertThat(names).containsExactlyInAnyOrder("account-summaries", "account-transactions",
                    "transfer-statuses", "transfer-process");
            assertThat(withoutToken.statusCode()).isEqualTo(401);
            assertThat(running.statusCode()).isEqualTo(409);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(admin.getPort()).isNotEqualTo(bank.uri().getPort());
        }
    }

    @Test
    void while_the_hub_is_down_a_post_answers_503_with_retry_after(@TempDir Path folder) throws Exception {
        // given
        EventStore hubStore = EventStores.open("embedded:" + folder.resolve("hub"));
        Hub hub = Hub.start(hubStore, HubConfig.loopback());
        RemoteStoreConfig remote = RemoteStoreConfig.of(hub.endpoint(), hub.publishEndpoint())
                .withRequestTimeout(Duration.ofSeconds(1));
        BankApplication bank = BankApplication.start(new BankConfig("embedded:" + folder.resolve("bank"), 0,
                remote, BankRole.ALL));
        try {
            BankClient client = new BankClient(bank.uri());
            String ada = client.open("Ada");
            // when
            hub.close();
            hubStore.close();
            Answer refused = client.post("/accounts/" + ada + "/deposits", "{\"amountCents\": 100}", "retry-me-1");
            // then
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body().get("error").asText()).contains("out of reach")
                    .contains("same Idempotency-Key");
        } finally {
            hub.close();
            hubStore.close();
            bank.close();
        }
    }
}
