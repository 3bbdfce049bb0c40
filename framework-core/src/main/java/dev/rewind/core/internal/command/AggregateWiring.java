package dev.rewind.core.internal.command;

import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.context.AggregateRegistration;

/**
 * Lets the runtime turn an {@link AggregateRegistration} into command handlers without a public method on the
 * registration: {@code AggregateRegistration} hands its wiring over when its class loads (the shared-secrets idiom of
 * the JDK, as {@code ProcessConnections} does for process managers).
 */
public final class AggregateWiring {

    /** Adds one aggregate's command handlers. */
    @FunctionalInterface
    public interface Wiring {

        <ID, A extends AggregateRoot<ID, ?>> void addHandlers(AggregateRegistration<ID, A> aggregate,
                CommandHandlers.Builder handlers, AggregateRepository<ID, A> repository, int maxAttempts);
    }

    private static volatile Wiring wiring;

    private AggregateWiring() {
    }

    /**
     * Takes the wiring; called once, by {@code AggregateRegistration}'s class initialisation.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void install(Wiring registrations) {
        if (wiring != null) {
            throw new IllegalStateException("The aggregate wiring is installed already.");
        }
        wiring = registrations;
    }

    /**
     * Adds a handler for every command the aggregate registered, working on the repository; they share one lock
     * table, so commands to the same aggregate take turns.
     */
    public static <ID, A extends AggregateRoot<ID, ?>> void addHandlers(AggregateRegistration<ID, A> aggregate,
            CommandHandlers.Builder handlers, AggregateRepository<ID, A> repository, int maxAttempts) {
        // the registration exists, so its class has initialised and installed the wiring
        wiring.addHandlers(aggregate, handlers, repository, maxAttempts);
    }
}
