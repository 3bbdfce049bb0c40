package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.guice.InMemoryStoreModule;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.bus.CurveClientKeys;
import java.time.Duration;
import org.zeromq.ZMQ;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class CommandRoutingModuleTest {

    private static final String KEY = ZMQ.Curve.generateKeyPair().publicKey;

    private static final class Application extends AbstractModule {
        @Override
        protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            install(new RewindModule());
            install(new InMemoryStoreModule());
            Multibinder.newSetBinder(binder(), BoundedContext.class).addBinding().toInstance(BankDomainTest.bank());
            install(new CommandRoutingModule(CommandRoutingConfig.bind("tcp://127.0.0.1:*"),
                    RoutingCommandBusTest.COMMANDS));
        }
    }

    @Test
    void the_injector_gives_one_unstarted_routing_bus_that_serves_once_started() {
        // given
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new Application());
        try (Rewind rewind = injector.getInstance(Rewind.class).start();
                RoutingCommandBus commands = injector.getInstance(RoutingCommandBus.class)) {
            assertThat(injector.getInstance(RoutingCommandBus.class)).isSameAs(commands);
            assertThatThrownBy(() -> commands.send(new OpenAccount("acc-1", "Ada")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("call start() first");
            // when
            commands.start();
            // then: the one process of local leases holds every partition
            assertThat(commands.heldPartitions()).hasSize(CommandRoutingConfig.DEFAULT_PARTITIONS);
            assertThat(commands.send(new OpenAccount("acc-1", "Ada")).version()).isZero();
            assertThat(commands.endpoint()).startsWith("tcp://127.0.0.1:");
        }
    }

    @Test
    void a_server_on_every_interface_needs_an_advertised_address() {
        // given
        Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(BankDomainTest.bank()).build();
        CommandRoutingConfig everywhere = CommandRoutingConfig.bind("tcp://0.0.0.0:5560");
        // when / then
        assertThatThrownBy(() -> RoutingCommandBus.create(rewind, RoutingCommandBusTest.COMMANDS,
                RoutingCommandBusTest.MAPPER, everywhere))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertise(");
        RoutingCommandBus.create(rewind, RoutingCommandBusTest.COMMANDS, RoutingCommandBusTest.MAPPER,
                everywhere.advertise("tcp://10.0.0.7:5560")).close();
        rewind.close();
    }

    @Test
    void curve_needs_both_key_sets() {
        // when / then
        assertThatThrownBy(() -> new CommandRoutingConfig("tcp://127.0.0.1:*", null, 8, Duration.ofSeconds(1),
                Duration.ofSeconds(1), null, new CurveClientKeys(KEY, KEY, KEY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("or neither");
    }
}
