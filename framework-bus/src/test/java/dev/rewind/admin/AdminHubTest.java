package dev.rewind.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.core.eventstore.InMemoryEventStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An admin server beside a hub (real ZeroMQ on loopback): its endpoints, its store, no projectors. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class AdminHubTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(AdminServer admin, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(admin.uri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void a_hub_shows_its_endpoints_and_its_store() throws Exception {
        // given
        try (InMemoryEventStore store = new InMemoryEventStore();
                Hub hub = Hub.start(store, HubConfig.loopback());
                AdminServer admin = AdminServer.builder().hub(hub, store).port(0).start()) {
            // when
            JsonNode shown = get(admin, "/admin/api/hub");
            JsonNode projectors = get(admin, "/admin/api/projectors");
            JsonNode summary = get(admin, "/admin/api/store");
            // then
            assertThat(shown.get("endpoint").asText()).isEqualTo(hub.endpoint());
            assertThat(shown.get("publishEndpoint").asText()).isEqualTo(hub.publishEndpoint());
            assertThat(projectors).isEmpty();
            assertThat(summary.get("backend").asText()).isEqualTo("in-memory");
        }
    }

    @Test
    void a_process_without_a_hub_says_so() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore();
                AdminServer admin = AdminServer.builder().store(store).port(0).start()) {
            assertThat(get(admin, "/admin/api/hub").get("error").asText()).contains("serves no hub");
        }
    }
}
