package dev.rewind.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders stored events for the admin API: metadata, and the payload as JSON when it is JSON (the store keeps bytes,
 * so a payload that is not is given as {@code payloadBase64}).
 */
final class EventJson {

    private final ObjectMapper json;

    EventJson(ObjectMapper json) {
        this.json = json;
    }

    Map<String, Object> event(RecordedEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("position", event.globalPosition());
        out.put("streamId", event.streamId());
        out.put("version", event.streamVersion());
        out.put("eventId", event.eventId().toString());
        out.put("type", event.type());
        out.put("recordedAt", event.recordedAt().toString());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("correlationId", event.metadata().correlationId());
        metadata.put("causationId", event.metadata().causationId());
        metadata.put("headers", event.metadata().headers());
        out.put("metadata", metadata);
        out.put("bytes", event.data().length);
        JsonNode payload = parse(event.data());
        if (payload != null) {
            out.put("payload", payload);
        } else {
            out.put("payloadBase64", Base64.getEncoder().encodeToString(event.data()));
        }
        return out;
    }

    List<Map<String, Object>> events(List<RecordedEvent> events) {
        return events.stream().map(this::event).toList();
    }

    private JsonNode parse(byte[] data) {
        if (data.length == 0) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }
}
