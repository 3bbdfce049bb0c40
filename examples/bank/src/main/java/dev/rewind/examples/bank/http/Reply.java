package dev.rewind.examples.bank.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status and a body that Jackson writes as JSON.
 *
 * @param status the HTTP status
 * @param body the body: a record, a list or a map
 */
public record Reply(int status, Object body) {

    /** 200 with this body. */
    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    /** A JSON object of alternating names and values, in that order. */
    public static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }
}
