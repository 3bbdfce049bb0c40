package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.core.eventstore.RecordedEvent;

/** Events for people: one line each, position, stream and version, type, time and the payload on one line. */
final class EventText {

    private EventText() {
    }

    static String line(RecordedEvent event) {
        return line(Json.event(event));
    }

    /** The line of an event as JSON, as the tool writes it ({@code data}) or the admin API ({@code payload}). */
    static String line(JsonNode event) {
        JsonNode data = first(event, "data", "payload");
        String payload = data.isMissingNode() ? event.has("payloadBase64") ? "(not JSON, base64) "
                + event.get("payloadBase64").asText() : "" : data.isTextual() ? data.asText() : Json.line(data);
        return "#" + first(event, "position", "globalPosition").asText("?") + "  "
                + first(event, "streamId", "stream").asText("?") + " @" + first(event, "version", "streamVersion")
                        .asText("?")
                + "  " + event.path("type").asText("?") + "  " + event.path("recordedAt").asText("")
                + "  " + payload;
    }

    private static JsonNode first(JsonNode node, String name, String otherName) {
        return node.has(name) ? node.get(name) : node.path(otherName);
    }
}
