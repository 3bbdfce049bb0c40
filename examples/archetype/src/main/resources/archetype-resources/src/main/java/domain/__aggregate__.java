package ${package}.domain;

import dev.rewind.core.aggregate.AggregateRoot;

/** The ${aggregate} aggregate. Add intention-revealing methods that check the rules, then raise events. */
public final class ${aggregate} extends AggregateRoot<${aggregate}Id, ${aggregate}Event> {

    private String name;

    /** Creates the ${aggregate} with this id and name. */
    public static ${aggregate} create(${aggregate}Id id, String name) {
        ${aggregate} created = new ${aggregate}();
        created.raise(new ${aggregate}Created(id, name));
        return created;
    }

    /** Its name. */
    public String name() {
        return name;
    }

    @Override
    protected void apply(${aggregate}Event event) {
        if (event instanceof ${aggregate}Created e) {
            name = e.name();
        } else {
            throw new IllegalStateException("Unhandled event " + event);
        }
    }
}
