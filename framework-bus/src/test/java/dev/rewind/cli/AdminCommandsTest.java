package dev.rewind.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The online commands against a stand-in for an application's admin API on loopback (the routes and answers of
 * docs/operations.md), which records what it was sent: the client's side of the contract, and its messages.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class AdminCommandsTest {

    private static final String TOKEN = "s3cret";

    private HttpServer server;
    private String url;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/admin/api/projectors", this::projectors);
        server.createContext("/admin/api/store", exchange -> answer(exchange, 200,
                "{\"backend\":\"embedded\",\"headPosition\":42,\"streams\":3}"));
        server.createContext("/admin/api/log/tail", this::tail);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void projectors_lists_state_position_lag_and_error() {
        Cli cli = Cli.run("projectors", "--url", url);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.lines().get(0)).startsWith("NAME").contains("STATE", "POSITION", "LAG", "LAST ERROR");
        assertThat(cli.lines().get(1)).contains("balances", "FAILED", "41", "3", "boom at 42");
    }

    @Test
    void skip_sends_the_position_and_reason_with_the_token() throws Exception {
        Cli cli = Cli.run("projector", "skip", "balances", "--position", "42", "--reason", "bad payload",
                "--url", url, "--token", TOKEN);
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Projector balances skipped position 42.");
        JsonNode body = Json.MAPPER.readTree(received.get(received.size() - 1).split("\n", 2)[1]);
        assertThat(body.get("position").asLong()).isEqualTo(42);
        assertThat(body.get("reason").asText()).isEqualTo("bad payload");
    }

    @Test
    void a_wrong_or_missing_token_exits_4_and_says_so() {
        Cli wrong = Cli.run("projector", "restart", "balances", "--url", url, "--token", "guess");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.TOKEN_REFUSED);
        assertThat(wrong.err()).contains("refused the admin token", "wrong token");
        Cli missing = Cli.run("projector", "rebuild", "balances", "--url", url);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.TOKEN_REFUSED);
        assertThat(missing.err()).contains("needs the application's admin token");
    }

    @Test
    void an_unknown_projector_exits_1_with_the_application_s_message() {
        Cli cli = Cli.run("projector", "restart", "nosuch", "--url", url, "--token", TOKEN);
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(cli.err()).contains("404", "no projector named nosuch");
    }

    @Test
    void an_application_that_does_not_answer_exits_3() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Cli cli = Cli.run("stats", "--url", "http://127.0.0.1:" + port);
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(cli.err()).contains("Cannot reach the application at http://127.0.0.1:" + port,
                "connection refused");
        assertThat(Cli.run("stats", "--url", "ftp://x").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void stats_and_tail_ask_the_application() {
        Cli stats = Cli.run("stats", "--url", url);
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("headPosition: 42", "streams: 3");
        Cli tail = Cli.run("tail", "--url", url, "--from", "7", "--count", "2");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.lines()).hasSize(2);
        assertThat(tail.lines().get(0)).startsWith("#7  acc-1 @0  Opened.v1").endsWith("{\"owner\":\"Ada\"}");
        assertThat(received).anyMatch(request -> request.startsWith("GET /admin/api/log/tail?from=7"));
    }

    private void projectors(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n" + body);
        if (exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 200, "[{\"name\":\"balances\",\"state\":\"FAILED\",\"position\":41,\"lag\":3,"
                    + "\"lastError\":\"boom at 42\"}]");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            answer(exchange, 401, "{\"error\":\"this action needs the admin token\"}");
        } else if (!authorization.equals("Bearer " + TOKEN)) {
            answer(exchange, 401, "{\"error\":\"wrong token\"}");
        } else if (!path.startsWith("/admin/api/projectors/balances/")) {
            answer(exchange, 404, "{\"error\":\"no projector named nosuch\"}");
        } else {
            answer(exchange, 200, "{\"name\":\"balances\",\"state\":\"LIVE\"}");
        }
    }

    private void tail(HttpExchange exchange) throws IOException {
        received.add("GET " + exchange.getRequestURI());
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int position = 7; position <= 9; position++) {
                out.write(("data: {\"position\":" + position + ",\"streamId\":\"acc-1\",\"version\":" + (position - 7)
                        + ",\"type\":\"Opened.v1\",\"data\":{\"owner\":\"Ada\"}}\n\n").getBytes(UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the tool hung up after the events it wanted: what a live tail's client does
            received.add("closed by the client");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
