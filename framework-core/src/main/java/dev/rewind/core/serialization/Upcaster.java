package dev.rewind.core.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns the JSON of one schema version of an event type into the next version, when events are read. Upcasters for
 * consecutive versions chain: v1 to v2 to v3. Stored events are never rewritten.
 *
 * <pre>{@code
 * Upcaster.of("MoneyDeposited", 1, json -> ((ObjectNode) json).put("currency", "EUR"))
 * }</pre>
 *
 * @param baseName the type name without its version suffix, for example {@code MoneyDeposited}
 * @param fromVersion the schema version this upcaster reads; it produces {@code fromVersion + 1}
 * @param transform the JSON transformation; it may change its argument and return it
 */
public record Upcaster(String baseName, int fromVersion, UnaryOperator<JsonNode> transform) {

    /** Checks the arguments. */
    public Upcaster {
        Objects.requireNonNull(baseName, "baseName must not be null");
        Objects.requireNonNull(transform, "transform must not be null");
        if (fromVersion < 1) {
            throw new IllegalArgumentException("Schema versions start at 1; an upcaster from version " + fromVersion
                    + " for '" + baseName + "' cannot exist.");
        }
        if (!EventTypes.baseName(baseName).equals(baseName)) {
            throw new IllegalArgumentException("Upcaster type '" + baseName + "' must be given without its .vN"
                    + " suffix; the version goes in fromVersion.");
        }
    }

    /** An upcaster from {@code fromVersion} to {@code fromVersion + 1} of {@code baseName}. */
    public static Upcaster of(String baseName, int fromVersion, UnaryOperator<JsonNode> transform) {
        return new Upcaster(baseName, fromVersion, transform);
    }
}
