package ${package}.domain;

/** Everything that can happen to one ${aggregate}. Add each new event record to the permits clause. */
public sealed interface ${aggregate}Event permits ${aggregate}Created {

    /** The id of the ${aggregate} it happened to. */
    ${aggregate}Id id();
}
