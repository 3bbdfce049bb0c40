package dev.rewind.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin API over real HTTP on loopback, against an in-memory application. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private AdminFixture app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private AdminFixture started(boolean withToken) {
        app = new AdminFixture(withToken);
        return app;
    }

    private JsonNode projector(String name) throws Exception {
        return json(app.get("/admin/api/projectors/" + name));
    }

    @Nested
    class WhenReading {

        @Test
        void the_store_its_streams_and_their_events_are_there() throws Exception {
            // given
            started(false);
            app.add("ada", 5);
            app.add("bob", 7);
            app.add("ada", 3);
            // when
            JsonNode store = json(app.get("/admin/api/store"));
            JsonNode streams = json(app.get("/admin/api/streams?prefix=account-&limit=1"));
            JsonNode next = json(app.get("/admin/api/streams?prefix=account-&after="
                    + streams.get("nextAfter").asText()));
            JsonNode events = json(app.get("/admin/api/streams/account-ada/events?from=1"));
            JsonNode event = json(app.get("/admin/api/events/2"));
            // then
            assertThat(store.get("backend").asText()).isEqualTo("in-memory");
            assertThat(store.get("headPosition").asLong()).isEqualTo(3);
            assertThat(store.get("streamCount").asLong()).isEqualTo(2);
            assertThat(streams.get("streams").get(0).get("streamId").asText()).isEqualTo("account-ada");
            assertThat(streams.get("streams").get(0).get("version").asLong()).isEqualTo(1);
            assertThat(streams.get("hasMore").asBoolean()).isTrue();
            assertThat(next.get("streams").get(0).get("streamId").asText()).isEqualTo("account-bob");
            assertThat(next.get("nextAfter").isNull()).isTrue();
            assertThat(events.get("events")).hasSize(1);
            assertThat(events.get("events").get(0).get("payload").get("amount").asLong()).isEqualTo(3);
            assertThat(event.get("streamId").asText()).isEqualTo("account-bob");
            assertThat(event.get("type").asText()).isEqualTo("Added.v1");
            assertThat(event.get("payload").get("key").asText()).isEqualTo("bob");
        }

        @Test
        void the_log_reads_in_pages_and_the_tail_streams_new_events() throws Exception {
            // given
            started(false);
            for (int i = 0; i < 5; i++) {
                app.add("k" + i, i);
            }
            // when
            JsonNode page = json(app.get("/admin/api/log?from=2&limit=2"));
            List<String> received = new ArrayList<>();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<java.io.InputStream> tail = client.send(HttpRequest.newBuilder(
                    app.uri("/admin/api/log/tail?from=4"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(tail.body(),
                    StandardCharsets.UTF_8))) {
                app.add("late", 9);
                for (String line = lines.readLine(); line != null && received.size() < 3; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        received.add(line);
                    }
                }
            }
            // then
            assertThat(page.get("events")).extracting(e -> e.get("position").asLong()).containsExactly(2L, 3L);
            assertThat(page.get("nextFrom").asLong()).isEqualTo(4);
            assertThat(tail.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(received).hasSize(3);
            assertThat(received.get(0)).contains("\"position\":4");
            assertThat(received.get(2)).contains("\"position\":6").contains("late");
        }

        @Test
        void bad_input_gets_a_4xx_saying_what_was_wrong() throws Exception {
            // given
            started(false);
            app.add("ada", 1);
            // when
            HttpResponse<String> limit = app.get("/admin/api/streams?limit=lots");
            HttpResponse<String> position = app.get("/admin/api/events/0");
            HttpResponse<String> missing = app.get("/admin/api/events/99");
            HttpResponse<String> stream = app.get("/admin/api/streams/account-nobody/events");
            HttpResponse<String> projector = app.get("/admin/api/projectors/nope");
            HttpResponse<String> tail = app.get("/admin/api/log/tail?from=-3");
            HttpResponse<String> unknown = app.get("/admin/api/nothing");
            // then
            assertThat(limit.statusCode()).isEqualTo(400);
            assertThat(json(limit).get("error").asText()).contains("limit must be a whole number from 1 to 10000");
            assertThat(position.statusCode()).isEqualTo(400);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing).get("error").asText()).contains("positions 1 to 1");
            assertThat(stream.statusCode()).isEqualTo(404);
            assertThat(projector.statusCode()).isEqualTo(404);
            assertThat(json(projector).get("error").asText()).contains("known: [sums, counts]");
            assertThat(tail.statusCode()).isEqualTo(400);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("error").asText()).contains("/admin/api");
        }
    }

    @Nested
    class WhenActing {

        @Test
        void without_a_configured_token_actions_are_refused_saying_how_to_configure_one() throws Exception {
            // given
            started(false);
            // when
            HttpResponse<String> restart = app.post("/admin/api/projectors/sums/restart", "", "anything");
            // then
            assertThat(restart.statusCode()).isEqualTo(403);
            assertThat(json(restart).get("error").asText()).contains("read-only").contains("token(...)")
                    .contains("--admin-token");
        }

        @Test
        void an_action_without_the_right_token_is_refused() throws Exception {
            // given
            started(true);
            // when
            HttpResponse<String> none = app.post("/admin/api/projectors/sums/restart", "", null);
            HttpResponse<String> wrong = app.post("/admin/api/projectors/sums/restart", "", "not-the-token-at-all");
            // then
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("error").asText()).contains("wrong");
        }

        @Test
        void a_failed_projector_is_restarted_after_the_fix_and_health_follows() throws Exception {
            // given
            started(true);
            app.broken.set(true);
            app.add("ada", 1);
            app.add("poison", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> projector("sums").get("state").asText()
                    .equals("FAILED"));
            HttpResponse<String> unhealthy = app.get("/health");
            HttpResponse<String> running = app.post("/admin/api/projectors/counts/restart", "", AdminFixture.TOKEN);
            // when
            app.broken.set(false);
            HttpResponse<String> restart = app.post("/admin/api/projectors/sums/restart", "", AdminFixture.TOKEN);
            // then
            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(json(unhealthy).get("problems").get(0).asText()).contains("'sums' failed at position 2");
            assertThat(running.statusCode()).isEqualTo(409);
            assertThat(restart.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> projector("sums").get("state").asText()
                    .equals("LIVE"));
            assertThat(projector("sums").get("lag").asLong()).isZero();
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
        }

        @Test
        void a_failing_event_is_skipped_only_with_a_position_and_a_reason() throws Exception {
            // given
            started(true);
            app.broken.set(true);
            app.add("poison", 2);
            app.add("ada", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> projector("sums").get("state").asText()
                    .equals("FAILED"));
            // when
            HttpResponse<String> noReason = app.post("/admin/api/projectors/sums/skip", "{\"position\":1}",
                    AdminFixture.TOKEN);
            HttpResponse<String> notJson = app.post("/admin/api/projectors/sums/skip", "skip it",
                    AdminFixture.TOKEN);
            HttpResponse<String> skipped = app.post("/admin/api/projectors/sums/skip",
                    "{\"position\":1,\"reason\":\"a test event\"}", AdminFixture.TOKEN);
            // then
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(json(noReason).get("error").asText()).contains("reason");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(skipped.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> projector("sums").get("position").asLong() == 2);
            assertThat(projector("sums").get("skipped").get(0).asText()).contains("a test event");
        }

        @Test
        void a_rebuild_reports_its_progress_until_the_replacement_serves() throws Exception {
            // given
            started(true);
            for (int i = 0; i < 50; i++) {
                app.add("k" + (i % 5), 1);
            }
            // when
            HttpResponse<String> started = app.post("/admin/api/projectors/sums/rebuild", "", AdminFixture.TOKEN);
            HttpResponse<String> refused = app.post("/admin/api/projectors/counts/rebuild", "", AdminFixture.TOKEN);
            // then
            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(json(started).get("projector").asText()).isEqualTo("sums-v2");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(json(refused).get("error").asText()).contains("replacements(...)");
            await().atMost(Duration.ofSeconds(10)).until(() -> json(app.get("/admin/api/projectors/sums/rebuild"))
                    .get("switched").asBoolean());
            assertThat(json(app.get("/admin/api/projectors/sums/rebuild")).get("eventsDone").asLong()).isEqualTo(50);
            assertThat(projector("sums").get("servedBy").asText()).isEqualTo("sums-v2");
            assertThat(app.get("/admin/api/projectors/counts/rebuild").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metrics_show_the_meters_of_the_global_registry() throws Exception {
        // given
        started(false);
        Counter counter = Metrics.counter("rewind.admin.test.counter");
        counter.increment(3);
        // when
        HttpResponse<String> metrics = app.get("/metrics");
        // then
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("rewind_admin_test_counter_total 3.0");
        Metrics.globalRegistry.remove(counter);
    }

    @Test
    void processes_are_listed_and_say_where_deadlines_are() throws Exception {
        // given
        started(false);
        // when
        JsonNode processes = json(app.get("/admin/api/processes"));
        // then
        assertThat(processes.get("processManagers")).isEmpty();
        assertThat(processes.get("deadlinesNote").asText()).contains("deadline-");
    }
}
