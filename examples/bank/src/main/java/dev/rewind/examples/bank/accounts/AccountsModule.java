package dev.rewind.examples.bank.accounts;

import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.examples.bank.accounts.application.AccountCommands;
import dev.rewind.examples.bank.accounts.application.AccountEvents;
import dev.rewind.examples.bank.accounts.projection.AccountSummaries;

/** The accounts bounded context: its events, its commands and its read model. */
public final class AccountsModule extends BoundedContextModule {

    private final AccountSummaries summaries;

    /** The context, with the summaries read model it projects into. */
    public AccountsModule(AccountSummaries summaries) {
        this.summaries = summaries;
    }

    @Override
    protected void configure(ContextBuilder context) {
        context.events(AccountEvents.TYPES);
        AccountCommands.register(context);
        context.projector(summaries);
    }
}
