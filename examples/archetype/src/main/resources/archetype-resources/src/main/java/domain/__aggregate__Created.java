package ${package}.domain;

/**
 * A ${aggregate} was created.
 *
 * @param id the new ${aggregate}
 * @param name its name
 */
public record ${aggregate}Created(${aggregate}Id id, String name) implements ${aggregate}Event {
}
