package ${package}.domain;

/** Everything that can happen to a ${aggregate}. Add each new event record to the permits clause. */
public sealed interface ${aggregate}Event permits ${aggregate}Created {

    /** The ${aggregate} it happened to. */
    ${aggregate}Id id();
}
