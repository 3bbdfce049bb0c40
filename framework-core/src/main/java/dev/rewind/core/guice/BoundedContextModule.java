package dev.rewind.core.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.context.ContextBuilder;

/**
 * The Guice module of one bounded context: subclasses declare the context's events, aggregates, commands and
 * projectors in {@link #configure(ContextBuilder)}; the module only binds that description (no I/O, no threads).
 *
 * <pre>{@code
 * public final class AccountsModule extends BoundedContextModule {
 *     protected void configure(ContextBuilder context) {
 *         context.events(ACCOUNT_EVENTS);
 *         context.aggregate(Account.class, "account", Account::new, AccountId::value)
 *                 .onNew(OpenAccount.class, OpenAccount::accountId, c -> Account.open(c.accountId(), c.owner()));
 *     }
 * }
 * }</pre>
 */
public abstract class BoundedContextModule extends AbstractModule {

    /** Declares the context. */
    protected abstract void configure(ContextBuilder context);

    /** The context's name: the module's simple class name without a trailing {@code Module}. */
    protected String contextName() {
        return getClass().getSimpleName().replaceFirst("Module$", "");
    }

    /** The context this module declares, built without Guice (for tests and plain wiring). */
    public final BoundedContext describe() {
        ContextBuilder builder = new ContextBuilder(contextName());
        configure(builder);
        return builder.build();
    }

    @Override
    protected final void configure() {
        BoundedContext context = describe();
        Multibinder.newSetBinder(binder(), BoundedContext.class).addBinding().toInstance(context);
        // One instance per projector class: the one the runtime runs is the one the application injects to query.
        for (Class<? extends Projector> projectorClass : context.projectorClasses()) {
            bind(projectorClass).in(Singleton.class);
        }
    }
}
