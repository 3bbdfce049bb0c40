package dev.rewind.examples.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the bank, as a test sees it: raw JSON in, status and parsed JSON out. */
final class BankClient {

    /**
     * What the server answered.
     *
     * @param status the HTTP status
     * @param body the parsed JSON body
     * @param headers the reply's headers
     */
    record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    BankClient(URI base) {
        this.base = base;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST carrying an {@code Idempotency-Key}, as a client that may retry it sends it. */
    Answer post(String path, String json, String idempotencyKey) {
        return postWithHeader(path, json, "Idempotency-Key", idempotencyKey);
    }

    /** A POST with one more header. */
    Answer postWithHeader(String path, String json, String header, String value) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header(header, value).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Opens an account for the owner and returns its id. */
    String open(String owner) {
        Answer opened = post("/accounts", "{\"owner\": \"" + owner + "\"}");
        if (opened.status() != 201) {
            throw new AssertionError("opening an account answered " + opened);
        }
        return opened.body().get("accountId").asText();
    }

    /** Deposits and returns the reply's position. */
    long deposit(String accountId, long cents) {
        Answer deposited = post("/accounts/" + accountId + "/deposits", "{\"amountCents\": " + cents + "}");
        if (deposited.status() != 200) {
            throw new AssertionError("depositing answered " + deposited);
        }
        return deposited.body().get("position").asLong();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
