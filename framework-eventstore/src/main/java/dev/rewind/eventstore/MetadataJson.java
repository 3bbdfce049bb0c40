package dev.rewind.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStoreException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Event metadata as JSON text in the {@code metadata} column; empty metadata is stored as SQL NULL. */
final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MetadataJson() {
    }

    /** The JSON text, or null for empty metadata. */
    static String write(Metadata metadata) {
        if (metadata.equals(Metadata.empty())) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        if (metadata.correlationId() != null) {
            node.put("correlationId", metadata.correlationId());
        }
        if (metadata.causationId() != null) {
            node.put("causationId", metadata.causationId());
        }
        ObjectNode headers = node.putObject("headers");
        metadata.headers().forEach(headers::put);
        return node.toString();
    }

    /** The metadata of stored JSON text (null reads as empty). */
    static Metadata read(String json) {
        if (json == null) {
            return Metadata.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            Map<String, String> headers = new TreeMap<>();
            JsonNode stored = node.path("headers");
            for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> header = it.next();
                headers.put(header.getKey(), header.getValue().asText());
            }
            return new Metadata(text(node, "correlationId"), text(node, "causationId"), headers);
        } catch (JsonProcessingException e) {
            throw new EventStoreException("Stored event metadata is not valid JSON (" + e.getOriginalMessage()
                    + "); the metadata column was changed outside Rewind.", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
