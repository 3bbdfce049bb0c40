package dev.rewind.core.context;

import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.aggregate.AggregateType;
import dev.rewind.core.command.CommandHandler;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.Upcaster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** Collects the declarations of one bounded context; see {@link BoundedContext#define}. */
public final class ContextBuilder {

    private final String name;
    private EventTypes eventTypes = EventTypes.none();
    private final List<Upcaster> upcasters = new ArrayList<>();
    private final List<AggregateRegistration<?, ?>> aggregates = new ArrayList<>();
    private final Map<Class<?>, CommandHandler<?>> handlers = new LinkedHashMap<>();
    private final List<Projector> projectors = new ArrayList<>();
    private final List<Class<? extends Projector>> projectorClasses = new ArrayList<>();

    /** A builder for the context with this name. */
    public ContextBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
    }

    /** Registers event types (may be called several times; names and classes must not repeat). */
    public ContextBuilder events(EventTypes types) {
        eventTypes = eventTypes.merge(types);
        return this;
    }

    /** Registers an upcaster for an older schema version of one of the context's events. */
    public ContextBuilder upcaster(Upcaster upcaster) {
        upcasters.add(Objects.requireNonNull(upcaster, "upcaster must not be null"));
        return this;
    }

    /**
     * Registers an aggregate stored in streams {@code <category>-<idText(id)>}; its commands follow on the result.
     *
     * @throws IllegalStateException if the class or category is registered already in this context
     */
    public <ID, A extends AggregateRoot<ID, ?>> AggregateRegistration<ID, A> aggregate(Class<A> aggregateClass,
            String category, Supplier<A> factory, Function<ID, String> idText) {
        AggregateType<ID, A> type = AggregateType.of(aggregateClass, category, factory, idText);
        for (AggregateRegistration<?, ?> existing : aggregates) {
            if (existing.type().aggregateClass().equals(aggregateClass)
                    || existing.type().category().equals(category)) {
                throw new IllegalStateException("Aggregate " + aggregateClass.getSimpleName() + " (category '"
                        + category + "') clashes with " + existing.type().aggregateClass().getSimpleName()
                        + " (category '" + existing.type().category() + "') in context '" + name
                        + "'; each aggregate needs its own class and category.");
            }
        }
        AggregateRegistration<ID, A> registration = new AggregateRegistration<>(type);
        aggregates.add(registration);
        return registration;
    }

    /**
     * Registers a plain handler for a command that no aggregate handles (it may, for example, send other commands).
     *
     * @throws IllegalStateException if the command type has a handler in this context already
     */
    public <C> ContextBuilder handle(Class<C> commandType, CommandHandler<C> handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        if (handlers.putIfAbsent(Objects.requireNonNull(commandType, "commandType must not be null"), handler)
                != null) {
            throw new IllegalStateException("Command " + commandType.getName() + " has two handlers in context '"
                    + name + "'.");
        }
        return this;
    }

    /** Registers a projector instance. */
    public ContextBuilder projector(Projector projector) {
        projectors.add(Objects.requireNonNull(projector, "projector must not be null"));
        return this;
    }

    /** Registers a process manager; it runs like a projector and sends its commands through the runtime's bus. */
    public ContextBuilder processManager(ProcessManager processManager) {
        return projector(processManager);
    }

    /** Registers a projector class, made by the injector (or through its no-argument constructor without Guice). */
    public ContextBuilder projector(Class<? extends Projector> projectorClass) {
        projectorClasses.add(Objects.requireNonNull(projectorClass, "projectorClass must not be null"));
        return this;
    }

    /** The context as declared so far. */
    public BoundedContext build() {
        return new BoundedContext(name, eventTypes, upcasters, aggregates, handlers, projectors, projectorClasses);
    }
}
