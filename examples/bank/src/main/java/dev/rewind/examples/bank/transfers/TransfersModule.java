package dev.rewind.examples.bank.transfers;

import com.google.inject.Provides;
import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.examples.bank.transfers.application.TransferCommands;
import dev.rewind.examples.bank.transfers.application.TransferEvents;
import dev.rewind.examples.bank.transfers.application.TransferProcess;
import dev.rewind.examples.bank.transfers.projection.TransferQueries;
import dev.rewind.examples.bank.transfers.projection.TransferStatusProjector;
import javax.sql.DataSource;

/**
 * The transfers bounded context: its events, its commands, the process that moves the money, and its read model,
 * which lives in the event store's database (so the Guice wiring needs a JDBC store that binds {@link DataSource}).
 */
public final class TransfersModule extends BoundedContextModule {

    @Override
    protected void configure(ContextBuilder context) {
        context.events(TransferEvents.TYPES);
        TransferCommands.register(context);
        context.projector(TransferStatusProjector.class);
        context.projector(TransferProcess.class);
    }

    @Provides
    TransferQueries queries(DataSource dataSource) {
        return new TransferQueries(dataSource);
    }
}
