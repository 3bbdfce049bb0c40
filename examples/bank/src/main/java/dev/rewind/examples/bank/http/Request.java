package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One HTTP request as the routes see it: method, path segments, query parameters and a lazily parsed JSON body.
 * Every accessor that reads user input throws {@link HttpProblem} (400) with a message naming what was wrong.
 */
public final class Request {

    private final String method;
    private final List<String> path;
    private final Map<String, String> query;
    private final byte[] body;
    private final ObjectMapper json;

    Request(String method, String rawPath, String rawQuery, byte[] body, ObjectMapper json) {
        this.method = method;
        this.path = List.of(rawPath.replaceAll("^/+|/+$", "").split("/+"));
        this.query = parseQuery(rawQuery);
        this.body = body;
        this.json = json;
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The non-empty path segments: {@code /accounts/a1/deposits} is {@code [accounts, a1, deposits]}. */
    public List<String> path() {
        return path;
    }

    /** The {@code after} query parameter: a global position the read model must reach before answering. */
    public OptionalLong after() {
        String after = query.get("after");
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

    /** The body, which must be a JSON object. */
    public JsonBody body() {
        JsonNode node;
        try {
            node = json.readTree(body);
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

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> result = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                result.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return result;
    }
}
