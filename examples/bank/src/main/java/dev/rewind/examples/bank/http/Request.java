package dev.rewind.examples.bank.http;

import dev.rewind.core.event.Metadata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One HTTP request as the routes see it: path parameters, the {@code after} position, the JSON body and the
 * {@code Idempotency-Key}. Every accessor that reads user input throws {@link HttpProblem} (400) with a message
 * naming what was wrong.
 */
public final class Request {

    /** The header that makes a retried {@code POST} apply once. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY = 200;

    private final Context ctx;
    private final ObjectMapper json;

    Request(Context ctx, ObjectMapper json) {
        this.ctx = ctx;
        this.json = json;
    }

    /** A path parameter, such as the account id of {@code /accounts/{id}}. */
    public String path(String name) {
        return ctx.pathParam(name);
    }

    /** The {@code after} query parameter: a global position the read model must reach before answering. */
    public OptionalLong after() {
        String after = ctx.queryParam("after");
        if (after == null) {
            return OptionalLong.empty();
        }
        try {
            long position = Long.parseLong(after);
            if (position >= 0) {
                return OptionalLong.of(position);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest("after must be a position (a whole number, 0 or more), got '" + after + "'");
    }

    /**
     * The id that the request's command gets when the client sent an {@code Idempotency-Key}: derived from the key
     * and the request's path, so a retry with the same key stores nothing twice.
     *
     * @throws HttpProblem 400 if the key is blank or longer than 200 characters
     */
    public Optional<UUID> commandId() {
        return key().map(key -> name("command " + ctx.method() + " " + ctx.path() + " " + key));
    }

    /**
     * The metadata the request's command carries: the W3C {@code traceparent} header if the client sent one, so the
     * command and everything it causes belong to the caller's trace.
     *
     * @throws HttpProblem 400 if the header is not in the W3C format
     */
    public Metadata metadata() {
        String traceparent = ctx.header(Metadata.TRACEPARENT);
        if (traceparent == null) {
            return Metadata.empty();
        }
        try {
            return Metadata.empty().withTraceparent(traceparent);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    /** A value derived from the {@code Idempotency-Key} for {@code what} (a new account's id), if one was sent. */
    public Optional<String> derived(String what) {
        return key().map(key -> name(what + " " + ctx.path() + " " + key).toString());
    }

    private Optional<String> key() {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return Optional.empty();
        }
        if (key.isBlank() || key.length() > MAX_KEY) {
            throw HttpProblem.badRequest(IDEMPOTENCY_KEY + " must be 1 to " + MAX_KEY + " characters, such as a"
                    + " UUID the client makes once per operation and sends again with each retry");
        }
        return Optional.of(key);
    }

    private static UUID name(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body, which must be a JSON object. */
    public JsonBody body() {
        JsonNode node;
        try {
            node = json.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HttpProblem.badRequest("the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw HttpProblem.badRequest("the body must be a JSON object");
        }
        return new JsonBody(node);
    }
}
