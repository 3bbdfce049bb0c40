package dev.rewind.core.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Balances;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.context.ContextBuilder;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GuiceWiringTest {

    static final class BankModule extends BoundedContextModule {
        @Override
        protected void configure(ContextBuilder context) {
            context.events(BankDomainTest.EVENTS);
            context.aggregate(BankAccount.class, "account", BankAccount::new, (String id) -> id)
                    .onNew(OpenAccount.class, OpenAccount::accountId, c -> BankAccount.open(c.accountId(), c.owner()))
                    .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(c.amountCents()));
            context.projector(Balances.class);
        }
    }

    /** The strict settings the house style asks for: every wiring error shows at start-up. */
    static final class Strict extends AbstractModule {
        @Override
        protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            bind(Balances.class).in(com.google.inject.Singleton.class);
        }
    }

    @Test
    void a_strict_production_injector_wires_a_bounded_context_end_to_end() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new Strict(), new RewindModule(),
                new InMemoryStoreModule(), new BankModule());
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            CommandBus commands = injector.getInstance(CommandBus.class);
            commands.send(new OpenAccount("acc-1", "Ada"));
            long position = commands.send(new Deposit("acc-1", 42)).position();
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(10))).isTrue();
            assertThat(injector.getInstance(Balances.class).byAccount.get("acc-1")).isEqualTo(42L);
            assertThat(injector.getInstance(Rewind.class)).isSameAs(rewind);
        }
    }

    @Test
    void without_a_store_module_the_injector_fails_at_start_up_naming_the_missing_store() {
        assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, new RewindModule(), new BankModule()))
                .isInstanceOf(CreationException.class).hasMessageContaining("EventStore");
    }

    @Test
    void a_context_module_describes_its_context_without_guice() {
        var context = new BankModule().describe();
        assertThat(context.name()).isEqualTo("Bank");
        assertThat(context.aggregates().get(0).commandTypes()).containsExactly(OpenAccount.class, Deposit.class);
    }
}
