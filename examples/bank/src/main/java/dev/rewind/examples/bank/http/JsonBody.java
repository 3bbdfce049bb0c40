package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of a JSON request body, read with checks that name the field and what was wrong with it. */
public final class JsonBody {

    private final JsonNode object;

    JsonBody(JsonNode object) {
        this.object = object;
    }

    /**
     * A string field that is present and not blank.
     *
     * @throws HttpProblem 400 if it is missing, not a string or blank
     */
    public String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw HttpProblem.badRequest(field + " must be a string, got " + value);
        }
        if (value.asText().isBlank()) {
            throw HttpProblem.badRequest(field + " must not be blank");
        }
        return value.asText();
    }

    /**
     * An amount in cents: a whole number greater than 0.
     *
     * @throws HttpProblem 400 if it is missing, not a whole number or not positive
     */
    public long positiveCents(String field) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw HttpProblem.badRequest(field + " must be a whole number of cents, got " + value);
        }
        long cents = value.asLong();
        if (cents <= 0) {
            throw HttpProblem.badRequest(field + " must be positive, got " + cents);
        }
        return cents;
    }

    private JsonNode required(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest("missing field " + field);
        }
        return value;
    }
}
