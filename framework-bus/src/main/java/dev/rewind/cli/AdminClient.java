package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The admin HTTP API of a running application, as the tool uses it: JSON answers, the token as a bearer token, and
 * every failure turned into a message and an exit code ({@link ExitCodes}).
 */
final class AdminClient {

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    AdminClient(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A path segment or query value, encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GETs a path (with its query) and parses the JSON answer. */
    JsonNode get(String path) {
        return parse(send(request(path).GET().build()), path);
    }

    /** POSTs a JSON body (null for none) and parses the JSON answer (an empty answer reads as an empty object). */
    JsonNode post(String path, Object body) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.line(body)));
        return parse(send(request.build()), path);
    }

    /**
     * Follows a stream of Server-Sent Events, passing each event's data to {@code onData} until it returns false or
     * the application ends the stream.
     */
    void events(String path, Predicate<String> onData) {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream")).GET().build();
        HttpResponse<InputStream> response = call(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw refused(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), path);
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
                } else if (line.isEmpty() && data.length() > 0) {
                    if (!onData.test(data.toString())) {
                        return;
                    }
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "The live tail from " + base + " broke off ("
                    + e.getMessage() + "); run the command again to go on.", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json"));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return call(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.PROBLEM, "Interrupted while waiting for " + base + ".", e);
        }
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof HttpConnectTimeoutException ? "no answer to connecting within " + timeout.toSeconds()
                + " s" : e instanceof HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : e instanceof ConnectException ? "connection refused" : e.toString();
        return new CliException(ExitCodes.UNREACHABLE, "Cannot reach the application at " + base + " (" + why
                + "). Check that it runs and that the URL names its admin port (the port it serves /admin/api on).",
                e);
    }

    private JsonNode parse(HttpResponse<String> response, String path) {
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body(), path);
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, URI.create(base + path) + " answered with something that is"
                    + " not JSON; is " + base + " the admin port of a Rewind application?", e);
        }
    }

    private CliException refused(int status, String body, String path) {
        String said = message(body);
        return switch (status) {
            case 401 -> new CliException(ExitCodes.TOKEN_REFUSED, (token == null
                    ? "This needs the application's admin token; pass it with --token or REWIND_TOKEN."
                    : "The application refused the admin token; pass the token it was started with.")
                    + " (401" + said + ")");
            case 403 -> new CliException(ExitCodes.TOKEN_REFUSED, "The application does not allow this (403" + said
                    + "). If it was started without an admin token its admin API is read-only: restart it with one.");
            case 404 -> new CliException(ExitCodes.PROBLEM, "Not found: " + URI.create(base + path) + " (404" + said
                    + "). Check the name, or whether this application has that part of the admin API.");
            case 400 -> new CliException(ExitCodes.USAGE, "The application refused the request (400" + said + ").");
            default -> new CliException(ExitCodes.PROBLEM, "The application answered " + status + said + " to "
                    + URI.create(base + path) + ".");
        };
    }

    /** What an error answer says: its JSON {@code error} or {@code message}, else its text. */
    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            for (String field : new String[] {"error", "message", "title"}) {
                if (node.hasNonNull(field)) {
                    return ": " + node.get(field).asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the text itself is the message
        }
        return ": " + (body.length() > 500 ? body.substring(0, 500) + "..." : body.strip());
    }
}
