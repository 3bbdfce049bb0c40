package ${package};

import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.guice.BoundedContextModule;
import ${package}.application.${aggregate}Commands;
import ${package}.application.${aggregate}Events;
import ${package}.projection.${aggregate}Projector;

/**
 * The ${context} bounded context: its events, its commands and its read model, which lives in the event store's
 * database (with Guice, {@code EventStoreModule} binds its {@code DataSource}). The module only binds.
 */
public final class ${context}Module extends BoundedContextModule {

    @Override
    protected void configure(ContextBuilder context) {
        context.events(${aggregate}Events.TYPES);
        ${aggregate}Commands.register(context);
        context.projector(${aggregate}Projector.class);
    }
}
