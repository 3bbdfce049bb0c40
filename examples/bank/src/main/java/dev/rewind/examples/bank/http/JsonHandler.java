package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a {@link Route} to the JDK HTTP server: reads the request, writes the reply as JSON, and turns an
 * {@link HttpProblem} into its status with {@code {"error": ...}}. Anything else is a bug: logged, and answered 500.
 */
final class JsonHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);
    private static final int MAX_BODY = 64 * 1024;

    private final Route route;
    private final ObjectMapper json;

    JsonHandler(Route route, ObjectMapper json) {
        this.route = Objects.requireNonNull(route, "route must not be null");
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), readBody(exchange), json);
            reply = route.handle(request);
        } catch (HttpProblem problem) {
            reply = new Reply(problem.status(), Reply.object("error", problem.getMessage()));
        } catch (RuntimeException bug) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), bug);
            reply = new Reply(500, Reply.object("error", "internal error: " + bug.getMessage()));
        }
        byte[] body = json.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpProblem(413, "the body is larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }
}
