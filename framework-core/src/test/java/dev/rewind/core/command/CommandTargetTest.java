package dev.rewind.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.InMemoryEventStore;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandTargetTest {

    record Ping(String text) {
    }

    private final AtomicInteger made = new AtomicInteger();
    private final Rewind rewind = Rewind.builder().store(new InMemoryEventStore())
            .repositoryOptions(RepositoryOptions.DEFAULTS.withCacheSize(100))
            .context(BankDomainTest.bank(() -> {
                made.incrementAndGet();
                return new BankAccount();
            }), BoundedContext.define("ping", context -> context.handle(Ping.class,
                    (ping, message) -> new CommandResult("", -1, 0, 0, ping.text()))))
            .build();

    @AfterEach
    void close() {
        rewind.close();
    }

    @Nested
    class WhenAskedForTheTargetStream {

        @Test
        void an_aggregate_command_names_its_aggregates_stream() {
            // when / then
            assertThat(rewind.targetStream(new Deposit("acc-1", 5))).contains("account-acc-1");
            assertThat(rewind.targetStream(new OpenAccount("acc-2", "Ada"))).contains("account-acc-2");
        }

        @Test
        void a_command_of_a_plain_handler_or_of_no_handler_has_none() {
            // when / then
            assertThat(rewind.targetStream(new Ping("hi"))).isEmpty();
            assertThat(rewind.targetStream("not a command")).isEmpty();
        }
    }

    @Nested
    class WhenACommandIsHandledAgainWithTheSameId {

        @Test
        void a_creating_command_answers_its_original_result_and_stores_nothing_new() {
            // given
            CommandMessage open = new CommandMessage(UUID.randomUUID(), new OpenAccount("acc-1", "Ada"),
                    Metadata.empty());
            CommandResult first = rewind.commands().send(open);
            // when
            CommandResult again = rewind.commands().send(open);
            // then
            assertThat(again).isEqualTo(first);
            assertThat(rewind.store().readStream("account-acc-1")).hasSize(1);
        }

        @Test
        void a_changing_command_answers_its_original_append_even_after_other_commands() {
            // given
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            CommandMessage deposit = new CommandMessage(UUID.randomUUID(), new Deposit("acc-1", 10), Metadata.empty());
            CommandResult first = rewind.commands().send(deposit);
            rewind.commands().send(new Deposit("acc-1", 7));
            // when
            CommandResult again = rewind.commands().send(deposit);
            // then
            assertThat(again.version()).isEqualTo(first.version());
            assertThat(again.position()).isEqualTo(first.position());
            assertThat(rewind.store().readStream("account-acc-1")).hasSize(3);
        }

        @Test
        void a_decision_its_first_run_made_impossible_answers_the_original_append_instead_of_failing() {
            // given
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            rewind.commands().send(new Deposit("acc-1", 10));
            CommandMessage withdraw = new CommandMessage(UUID.randomUUID(), new Withdraw("acc-1", 10),
                    Metadata.empty());
            CommandResult first = rewind.commands().send(withdraw);
            // when: withdrawing 10 again would overdraw the account
            CommandResult again = rewind.commands().send(withdraw);
            // then
            assertThat(again).isEqualTo(first);
            assertThat(rewind.store().readStream("account-acc-1")).hasSize(3);
        }
    }

    @Nested
    class WhenCachedAggregatesAreEvicted {

        @Test
        void only_the_accepted_streams_load_from_the_store_again() {
            // given: both accounts cached
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            rewind.commands().send(new OpenAccount("acc-2", "Bob"));
            rewind.commands().send(new Deposit("acc-1", 1));
            rewind.commands().send(new Deposit("acc-2", 1));
            int before = made.get();
            // when
            rewind.evictCachedAggregates("account-acc-1"::equals);
            rewind.commands().send(new Deposit("acc-1", 1));
            rewind.commands().send(new Deposit("acc-2", 1));
            // then
            assertThat(made.get()).isEqualTo(before + 1);
        }
    }
}
