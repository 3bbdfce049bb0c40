package ${package}.projection;

/**
 * What the read model shows about one ${aggregate}.
 *
 * @param id its id
 * @param name its name
 */
public record ${aggregate}View(String id, String name) {
}
