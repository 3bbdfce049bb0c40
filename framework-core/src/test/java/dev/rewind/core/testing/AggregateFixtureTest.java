package dev.rewind.core.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.AccountOpened;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.InsufficientFunds;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.MoneyWithdrawn;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.UnknownEventTypeException;
import dev.rewind.core.serialization.Upcaster;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AggregateFixtureTest {

    private static final AccountOpened OPENED = new AccountOpened("acc-1", "Ada");

    private final AggregateFixture bank = AggregateFixture.of(BankDomainTest.bank());

    /** Version 3 of a price: cents and a currency. Version 1 had whole euros in "amount", version 2 no currency. */
    record PriceSet(String productId, long cents, String currency) {
    }

    record ChangePrice(String productId, long cents) {
    }

    /** Sets a new price in the currency of the last one; setting the same price again records nothing. */
    static final class Product extends AggregateRoot<String, PriceSet> {
        private long cents;
        private String currency;

        void changePrice(long newCents) {
            if (newCents != cents) {
                raise(new PriceSet(id(), newCents, currency));
            }
        }

        @Override
        protected void apply(PriceSet event) {
            cents = event.cents();
            currency = event.currency();
        }
    }

    private static final AggregateFixture CATALOG = AggregateFixture.of(BoundedContext.define("catalog", context -> {
        context.events(EventTypes.builder().add("PriceSet.v3", PriceSet.class).build());
        context.upcaster(Upcaster.of("PriceSet", 1, json -> ((ObjectNode) json).put("cents",
                json.get("amount").asLong() * 100)));
        context.upcaster(Upcaster.of("PriceSet", 2, json -> ((ObjectNode) json).put("currency", "EUR")));
        context.aggregate(Product.class, "product", Product::new, (String id) -> id)
                .onExisting(ChangePrice.class, ChangePrice::productId, (p, c) -> p.changePrice(c.cents()));
    }));

    @Nested
    class When_several_commands_follow_each_other {

        @Test
        void each_command_decides_on_the_state_the_previous_ones_left() {
            bank.given(OPENED)
                    .when(new Deposit("acc-1", 100))
                    .andWhen(new Withdraw("acc-1", 30))
                    .thenEvents(new MoneyWithdrawn("acc-1", 30, 70))
                    .thenAllEvents(new MoneyDeposited("acc-1", 100, 100), new MoneyWithdrawn("acc-1", 30, 70));
        }

        @Test
        void an_expected_refusal_changes_nothing_and_the_next_command_goes_on() {
            bank.given(OPENED, new MoneyDeposited("acc-1", 100, 100))
                    .when(new Withdraw("acc-1", 500))
                    .thenThrows(InsufficientFunds.class, "balance 100 is less than 500")
                    .andWhen(new Withdraw("acc-1", 100))
                    .thenEvents(new MoneyWithdrawn("acc-1", 100, 0))
                    .thenAllEvents(new MoneyWithdrawn("acc-1", 100, 0));
        }

        @Test
        void a_refusal_nobody_expected_fails_the_next_step() {
            AggregateFixture.Then refused = bank.given(OPENED).when(new Withdraw("acc-1", 500));
            assertThatThrownBy(() -> refused.andWhen(new Deposit("acc-1", 5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Withdraw[accountId=acc-1, amountCents=500] was refused")
                    .hasMessageContaining("thenThrows")
                    .hasCauseInstanceOf(InsufficientFunds.class);
        }

        @Test
        void all_events_are_compared_in_order() {
            AggregateFixture.Then both = bank.given(OPENED).when(new Deposit("acc-1", 1)).andWhen(new Deposit("acc-1",
                    2));
            assertThatThrownBy(() -> both.thenAllEvents(new MoneyDeposited("acc-1", 2, 3)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected events: [MoneyDeposited[accountId=acc-1, amountCents=2, "
                            + "newBalance=3]]")
                    .hasMessageContaining("but got:         [MoneyDeposited[accountId=acc-1, amountCents=1");
        }
    }

    @Nested
    class When_the_history_is_commands {

        @Test
        void the_given_commands_make_the_history() {
            bank.givenCommands(new OpenAccount("acc-1", "Ada"), new Deposit("acc-1", 100))
                    .when(new Withdraw("acc-1", 40))
                    .thenEvents(new MoneyWithdrawn("acc-1", 40, 60));
        }

        @Test
        void events_and_commands_are_applied_in_the_order_given() {
            bank.given(OPENED)
                    .givenCommands(new Deposit("acc-1", 100))
                    .given(new MoneyWithdrawn("acc-1", 60, 40))
                    .when(new Withdraw("acc-1", 50))
                    .thenThrows(InsufficientFunds.class, "balance 40 is less than 50");
        }

        @Test
        void a_refused_given_command_fails_the_test() {
            AggregateFixture.Given history = bank.givenCommands(new Deposit("acc-1", 100));
            assertThatThrownBy(() -> history.when(new Withdraw("acc-1", 1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Given command Deposit[accountId=acc-1, amountCents=100] was refused");
        }

        @Test
        void a_given_history_can_start_several_scenarios() {
            AggregateFixture.Given opened = bank.givenCommands(new OpenAccount("acc-1", "Ada"));
            opened.when(new Deposit("acc-1", 5)).thenEvents(new MoneyDeposited("acc-1", 5, 5));
            opened.when(new Deposit("acc-1", 7)).thenEvents(new MoneyDeposited("acc-1", 7, 7));
        }
    }

    @Nested
    class When_the_history_is_stored_json_of_an_old_schema_version {

        @Test
        void the_aggregate_reads_it_through_the_upcasters() {
            // version 1 had 12 whole euros: upcast to 1200 cents, so the same price again records nothing
            CATALOG.givenStored("PriceSet", 1, "{\"productId\":\"p1\",\"amount\":12}")
                    .when(new ChangePrice("p1", 1200))
                    .thenNoEvents();
            // version 2 had no currency: the upcaster adds EUR, which the new price keeps
            CATALOG.givenStored("PriceSet", 2, "{\"productId\":\"p1\",\"cents\":1399}")
                    .when(new ChangePrice("p1", 1500))
                    .thenEvents(new PriceSet("p1", 1500, "EUR"));
        }

        @Test
        void the_exact_stored_type_name_works_too() {
            CATALOG.givenStored("PriceSet.v1", "{\"productId\":\"p1\",\"amount\":12}")
                    .givenStored("PriceSet.v3", "{\"productId\":\"p1\",\"cents\":1300,\"currency\":\"CHF\"}")
                    .when(new ChangePrice("p1", 1200))
                    .thenEvents(new PriceSet("p1", 1200, "CHF"));
        }

        @Test
        void a_version_no_upcaster_reaches_is_refused_like_in_production() {
            CATALOG.givenStored("PriceSet", 4, "{\"productId\":\"p1\"}")
                    .when(new ChangePrice("p1", 1200))
                    .thenThrows(UnknownEventTypeException.class, "Unknown event type 'PriceSet.v4'");
        }

        @Test
        void a_name_with_its_version_suffix_and_a_version_is_a_mistake() {
            assertThatThrownBy(() -> CATALOG.givenStored("PriceSet.v1", 1, "{}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its .vN suffix");
            assertThatThrownBy(() -> CATALOG.givenStored("PriceSet", 0, "{}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start at 1");
        }
    }

    @Nested
    class When_an_expectation_does_not_hold {

        @Test
        void other_events_fail_with_both_lists() {
            AggregateFixture.Then deposited = bank.given(OPENED).when(new Deposit("acc-1", 5));
            assertThatThrownBy(() -> deposited.thenEvents(new MoneyDeposited("acc-1", 5, 6)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("After Deposit[accountId=acc-1, amountCents=5]")
                    .hasMessageContaining("but got:         [MoneyDeposited[accountId=acc-1, amountCents=5, "
                            + "newBalance=5]]");
            assertThatThrownBy(deposited::thenNoEvents).isInstanceOf(AssertionError.class);
        }

        @Test
        void a_success_where_a_refusal_was_expected_fails() {
            AggregateFixture.Then deposited = bank.given(OPENED).when(new Deposit("acc-1", 5));
            assertThatThrownBy(() -> deposited.thenThrows(InsufficientFunds.class))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected InsufficientFunds\n but it succeeded with events");
        }

        @Test
        void a_refusal_where_events_were_expected_fails_with_the_refusal_as_cause() {
            AggregateFixture.Then refused = bank.given(OPENED).when(new Withdraw("acc-1", 5));
            assertThatThrownBy(() -> refused.thenEvents(new MoneyWithdrawn("acc-1", 5, 0)))
                    .isInstanceOf(AssertionError.class).hasCauseInstanceOf(InsufficientFunds.class);
            assertThatThrownBy(() -> refused.thenThrows(InsufficientFunds.class, "balance 7"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("balance 0 is less than 5");
            assertThatThrownBy(() -> refused.thenThrows(IllegalStateException.class))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("but it threw");
        }
    }

    @Test
    void process_managers_of_the_context_stay_out_so_every_scenario_can_run() {
        // given: a context that registers a process manager instance (it can be connected to one runtime only)
        AggregateFixture withProcess = AggregateFixture.of(BankDomainTest.bank(new IdleProcess()));
        // when / then
        withProcess.when(new OpenAccount("acc-1", "Ada")).thenEvents(OPENED);
        withProcess.when(new OpenAccount("acc-2", "Bob")).thenEvents(new AccountOpened("acc-2", "Bob"));
    }

    /** Reacts to nothing. */
    static final class IdleProcess extends ProcessManager {
        IdleProcess() {
            super("idle");
        }
    }
}
