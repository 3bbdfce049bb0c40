package dev.rewind.examples.bank.accounts;

import com.google.inject.Provides;
import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.examples.bank.accounts.application.AccountCommands;
import dev.rewind.examples.bank.accounts.application.AccountEvents;
import dev.rewind.examples.bank.accounts.projection.AccountQueries;
import dev.rewind.examples.bank.accounts.projection.AccountSummaryProjector;
import dev.rewind.examples.bank.accounts.projection.TransactionHistoryProjector;
import javax.sql.DataSource;

/**
 * The accounts bounded context: its events, its commands and its read models, which live in the event store's
 * database (so the Guice wiring needs a JDBC store that binds {@link DataSource}).
 */
public final class AccountsModule extends BoundedContextModule {

    @Override
    protected void configure(ContextBuilder context) {
        context.events(AccountEvents.TYPES);
        AccountCommands.register(context);
        context.projector(AccountSummaryProjector.class);
        context.projector(TransactionHistoryProjector.class);
    }

    @Provides
    AccountQueries queries(DataSource dataSource) {
        return new AccountQueries(dataSource);
    }
}
