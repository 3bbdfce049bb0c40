package ${package}.application;

import dev.rewind.core.context.ContextBuilder;
import ${package}.domain.Create${aggregate};
import ${package}.domain.${aggregate};
import ${package}.domain.${aggregate}Id;

/**
 * Which ${aggregate} command goes where: the one place that says it. Streams are
 * {@code ${aggregate.toLowerCase()}-<id>}.
 */
public final class ${aggregate}Commands {

    private ${aggregate}Commands() {
    }

    /** Registers the ${aggregate} aggregate and its commands. */
    public static void register(ContextBuilder context) {
        context.aggregate(${aggregate}.class, "${aggregate.toLowerCase()}", ${aggregate}::new,
                        ${aggregate}Id::value)
                .onNew(Create${aggregate}.class, Create${aggregate}::id,
                        c -> ${aggregate}.create(c.id(), c.name()));
    }
}
