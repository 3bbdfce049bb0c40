package ${package}.domain;

import java.util.Objects;

/**
 * Create the ${aggregate} with this id and name.
 *
 * @param id the id the new ${aggregate} gets
 * @param name its name, not blank
 */
public record Create${aggregate}(${aggregate}Id id, String name) {

    /** Checks the shape of the command; business rules belong to the aggregate. */
    public Create${aggregate} {
        Objects.requireNonNull(id, "id must not be null");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }
}
