package ${package}.domain;

import java.util.UUID;

/**
 * The id of one ${aggregate}.
 *
 * @param value the id text, never blank
 */
public record ${aggregate}Id(String value) {

    /** Checks the id is not blank. */
    public ${aggregate}Id {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("${aggregate}Id must not be blank");
        }
    }

    /** A new random id. */
    public static ${aggregate}Id newId() {
        return new ${aggregate}Id(UUID.randomUUID().toString());
    }
}
