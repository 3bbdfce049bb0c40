package ${package}.domain;

/**
 * The ${aggregate} with this id was created.
 *
 * @param id the id of the new ${aggregate}
 * @param name its name
 */
public record ${aggregate}Created(${aggregate}Id id, String name) implements ${aggregate}Event {
}
