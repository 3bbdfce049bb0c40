package dev.rewind.bus.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.rewind.core.Rewind;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import java.util.Objects;

/**
 * Binds a {@link RoutingCommandBus} over the injector's {@link Rewind}, created but not started: start it after the
 * runtime, send commands through it, and close it before the runtime. The runtime's partition leases decide who owns
 * which aggregates, so bind the PostgreSQL ones (a PostgreSQL {@code EventStoreModule} does).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(Stage.PRODUCTION, new RewindModule(), new EventStoreModule(url),
 *         new AccountsModule(), new CommandRoutingModule(CommandRoutingConfig.bind("tcp://0.0.0.0:5560")
 *                 .advertise("tcp://10.0.0.7:5560"), commandTypes));
 * Rewind rewind = injector.getInstance(Rewind.class).start();
 * RoutingCommandBus commands = injector.getInstance(RoutingCommandBus.class).start();
 * }</pre>
 */
public final class CommandRoutingModule extends AbstractModule {

    private final CommandRoutingConfig config;
    private final EventTypes commandTypes;
    private final ObjectMapper mapper;

    /** Routing with this configuration; command payloads are JSON of the framework's default mapper. */
    public CommandRoutingModule(CommandRoutingConfig config, EventTypes commandTypes) {
        this(config, commandTypes, JacksonEventSerializer.defaultMapper());
    }

    /** Routing with this configuration, payloads written and read with {@code mapper}. */
    public CommandRoutingModule(CommandRoutingConfig config, EventTypes commandTypes, ObjectMapper mapper) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.commandTypes = Objects.requireNonNull(commandTypes, "commandTypes must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    @Provides
    @Singleton
    RoutingCommandBus routingCommandBus(Rewind rewind) {
        return RoutingCommandBus.create(rewind, commandTypes, mapper, config);
    }
}
