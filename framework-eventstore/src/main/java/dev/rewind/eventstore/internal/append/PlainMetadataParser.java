package dev.rewind.eventstore.internal.append;

import dev.rewind.core.event.Metadata;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the metadata JSON that {@link MetadataJson#write} produces when no string needs escaping, which is nearly
 * always, in one pass over the characters: metadata is read with every event, and a general JSON parser was 15% of
 * a replay-heavy command's time. Anything else (escapes, numbers, other fields, other spacing) gives null, and the
 * caller falls back to a full JSON parser. (Raw control characters, which no JSON writer emits, are taken as they
 * are.)
 */
final class PlainMetadataParser {

    private final String json;
    private int at;

    private PlainMetadataParser(String json) {
        this.json = json;
    }

    /** The metadata, or null when the text is not in the plain form. */
    static Metadata parse(String json) {
        return json.indexOf('\\') >= 0 ? null : new PlainMetadataParser(json).metadata();
    }

    private Metadata metadata() {
        if (!take('{')) {
            return null;
        }
        String correlationId = null;
        String causationId = null;
        Map<String, String> headers = new TreeMap<>();
        boolean more = !take('}');
        while (more) {
            if (field("correlationId")) {
                correlationId = string();
            } else if (field("causationId")) {
                causationId = string();
            } else if (!field("headers") || !headers(headers)) {
                return null;
            }
            if (take(',')) {
                continue;
            }
            if (!take('}')) {
                return null;
            }
            more = false;
        }
        return at == json.length() ? new Metadata(correlationId, causationId, headers) : null;
    }

    private boolean headers(Map<String, String> headers) {
        if (!take('{')) {
            return false;
        }
        if (take('}')) {
            return true;
        }
        do {
            String name = string();
            if (name == null || !take(':')) {
                return false;
            }
            String value = string();
            if (value == null) {
                return false;
            }
            headers.put(name, value);
        } while (take(','));
        return take('}');
    }

    /** Takes {@code "name":} if the text goes on with it; compares in place, as field names are read per event. */
    private boolean field(String name) {
        int end = at + name.length() + 3;
        if (end <= json.length() && json.charAt(at) == '"' && json.startsWith(name, at + 1)
                && json.charAt(end - 2) == '"' && json.charAt(end - 1) == ':') {
            at = end;
            return true;
        }
        return false;
    }

    /** A string (the text has no escapes), or null (also for a JSON null, which the caller then re-reads in full). */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int end = json.indexOf('"', at);
        if (end < 0) {
            return null;
        }
        String text = json.substring(at, end);
        at = end + 1;
        return text;
    }

    private boolean take(char expected) {
        if (at < json.length() && json.charAt(at) == expected) {
            at++;
            return true;
        }
        return false;
    }
}
