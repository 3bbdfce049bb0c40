package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** JSON objects for people: one {@code name: value} line per field, nested objects indented. */
final class Text {

    private Text() {
    }

    static String fields(JsonNode node) {
        StringBuilder text = new StringBuilder();
        append(node, "", text);
        return text.toString().stripTrailing();
    }

    private static void append(JsonNode node, String indent, StringBuilder text) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                text.append(indent).append(field.getKey()).append(':').append(System.lineSeparator());
                append(value, indent + "  ", text);
            } else {
                text.append(indent).append(field.getKey()).append(": ")
                        .append(value.isValueNode() ? value.asText() : Json.line(value)).append(System.lineSeparator());
            }
        }
    }
}
