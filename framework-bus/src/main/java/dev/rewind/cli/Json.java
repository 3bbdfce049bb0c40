package dev.rewind.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The tool's JSON: one mapper, events as objects with their payload as JSON where it is JSON. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** One line of JSON. */
    static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value + " as JSON", e);
        }
    }

    /** Indented JSON. */
    static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value + " as JSON", e);
        }
    }

    /** An event: position, stream, version, type, id, time, metadata and the payload (JSON, else a string). */
    static ObjectNode event(RecordedEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("position", event.globalPosition());
        node.put("streamId", event.streamId());
        node.put("version", event.streamVersion());
        node.put("type", event.type());
        node.put("eventId", event.eventId().toString());
        node.put("recordedAt", event.recordedAt().toString());
        ObjectNode metadata = node.putObject("metadata");
        event.metadata().correlation().ifPresent(id -> metadata.put("correlationId", id));
        event.metadata().causation().ifPresent(id -> metadata.put("causationId", id));
        event.metadata().headers().forEach(metadata::put);
        node.set("data", payload(event.data()));
        return node;
    }

    /** The payload as JSON if it parses as JSON, else as a UTF-8 string. */
    static JsonNode payload(byte[] data) {
        try {
            JsonNode parsed = MAPPER.readTree(data);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (IOException e) {
            // not JSON: shown as text below
        }
        return MAPPER.getNodeFactory().textNode(new String(data, StandardCharsets.UTF_8));
    }
}
