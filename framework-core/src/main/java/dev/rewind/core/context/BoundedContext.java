package dev.rewind.core.context;

import dev.rewind.core.command.CommandHandler;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.Upcaster;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Everything one bounded context declares: its event types and upcasters, its aggregates with their commands, its
 * plain command handlers and its projectors. A description only: the runtime turns it into handlers over a store.
 *
 * <pre>{@code
 * BoundedContext accounts = BoundedContext.define("accounts", context -> {
 *     context.events(EventTypes.builder().add("AccountOpened.v1", AccountOpened.class).build());
 *     context.aggregate(Account.class, "account", Account::new, AccountId::value)
 *             .onNew(OpenAccount.class, OpenAccount::accountId, c -> Account.open(c.accountId(), c.owner()));
 * });
 * }</pre>
 *
 * @param name the context's name, for messages
 * @param eventTypes the event types it registers
 * @param upcasters its upcasters
 * @param aggregates its aggregates, each with its commands
 * @param handlers its plain command handlers, by command type
 * @param projectors its projector instances
 * @param projectorClasses its projector classes, to be made by the injector (or their no-argument constructor)
 */
public record BoundedContext(
        String name,
        EventTypes eventTypes,
        List<Upcaster> upcasters,
        List<AggregateRegistration<?, ?>> aggregates,
        Map<Class<?>, CommandHandler<?>> handlers,
        List<Projector> projectors,
        List<Class<? extends Projector>> projectorClasses) {

    /** Copies the collections. */
    public BoundedContext {
        upcasters = List.copyOf(upcasters);
        aggregates = List.copyOf(aggregates);
        handlers = Map.copyOf(handlers);
        projectors = List.copyOf(projectors);
        projectorClasses = List.copyOf(projectorClasses);
    }

    /** Defines a context by running the declarations against a fresh builder. */
    public static BoundedContext define(String name, Consumer<ContextBuilder> declarations) {
        ContextBuilder builder = new ContextBuilder(name);
        declarations.accept(builder);
        return builder.build();
    }

    /**
     * The same context with only the projectors and process managers whose class {@code keep} accepts, for a
     * process that runs part of the context (a write side without read models, a read side without processes, or a
     * test of decisions alone).
     */
    public BoundedContext withProjectors(Predicate<Class<? extends Projector>> keep) {
        Objects.requireNonNull(keep, "keep must not be null");
        return new BoundedContext(name, eventTypes, upcasters, aggregates, handlers,
                projectors.stream().filter(p -> keep.test(p.getClass())).toList(),
                projectorClasses.stream().filter(keep).toList());
    }

    /** The aggregate registration handling this command type, if any. */
    public Optional<AggregateRegistration<?, ?>> aggregateFor(Class<?> commandType) {
        return aggregates.stream().filter(a -> a.handles(commandType)).findFirst();
    }
}
