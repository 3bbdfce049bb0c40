package dev.rewind.eventstore.internal.append;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStoreException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Event metadata as JSON text in the {@code metadata} column; empty metadata is stored as SQL NULL. */
public final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private MetadataJson() {
    }

    /** The JSON text, or null for empty metadata. */
    public static String write(Metadata metadata) {
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

    /** The metadata of stored JSON text (null reads as empty); parsed token by token, as it is read per event. */
    public static Metadata read(String json) {
        if (json == null) {
            return Metadata.empty();
        }
        Metadata plain = PlainMetadataParser.parse(json);
        if (plain != null) {
            return plain;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            String correlationId = null;
            String causationId = null;
            Map<String, String> headers = new TreeMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "correlationId" -> correlationId = parser.getValueAsString();
                    case "causationId" -> causationId = parser.getValueAsString();
                    case "headers" -> readHeaders(parser, value, headers);
                    default -> parser.skipChildren();
                }
            }
            return new Metadata(correlationId, causationId, headers);
        } catch (IOException e) {
            throw new EventStoreException("Stored event metadata is not valid JSON (" + e.getMessage()
                    + "); the metadata column was changed outside Rewind.", e);
        }
    }

    private static void readHeaders(JsonParser parser, JsonToken start, Map<String, String> headers)
            throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            headers.put(name, parser.getValueAsString());
            parser.skipChildren();
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(null, "expected " + expected + " but found " + actual);
        }
    }
}
