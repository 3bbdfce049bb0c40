package dev.rewind.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandBusTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(BankDomainTest.bank())
            .interceptor((message, next) -> {
                calls.add("outer " + message.command().getClass().getSimpleName());
                return next.proceed(message.withMetadata(message.metadata().withHeader("tenant", "t1")));
            })
            .interceptor((message, next) -> {
                if (message.command() instanceof Deposit d && d.amountCents() <= 0) {
                    throw new IllegalArgumentException("A deposit must be positive, got " + d.amountCents());
                }
                calls.add("inner " + message.metadata().headers().get("tenant"));
                return next.proceed(message);
            })
            .build();

    @AfterEach
    void close() {
        rewind.close();
    }

    @Test
    void a_result_names_the_stream_the_new_version_the_position_and_a_new_aggregates_id() {
        CommandResult opened = rewind.commands().send(new OpenAccount("acc-1", "Ada"));
        CommandResult deposited = rewind.commands().send(new Deposit("acc-1", 10));
        assertThat(opened).isEqualTo(new CommandResult("account-acc-1", 0, 1, 1, "acc-1"));
        assertThat(deposited).isEqualTo(new CommandResult("account-acc-1", 1, 2, 1));
    }

    @Test
    void interceptors_run_outermost_first_and_their_metadata_reaches_the_events() {
        UUID commandId = UUID.randomUUID();
        rewind.commands().send(new CommandMessage(commandId, new OpenAccount("acc-1", "Ada"),
                Metadata.empty().withCorrelationId("request-7")));
        assertThat(calls).containsExactly("outer OpenAccount", "inner t1");
        RecordedEvent stored = rewind.store().readStream("account-acc-1").get(0);
        assertThat(stored.metadata()).isEqualTo(new Metadata("request-7", commandId.toString(),
                java.util.Map.of("tenant", "t1")));
    }

    @Test
    void without_a_correlation_id_the_command_id_becomes_it() {
        rewind.commands().send(new OpenAccount("acc-1", "Ada"));
        Metadata metadata = rewind.store().readStream("account-acc-1").get(0).metadata();
        assertThat(metadata.correlationId()).isEqualTo(metadata.causationId()).isNotNull();
    }

    @Test
    void a_validation_interceptor_refuses_a_command_and_nothing_is_appended() {
        rewind.commands().send(new OpenAccount("acc-1", "Ada"));
        assertThatThrownBy(() -> rewind.commands().send(new Deposit("acc-1", -5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A deposit must be positive, got -5");
        assertThat(rewind.store().headPosition()).isEqualTo(1);
    }

    @Test
    void a_command_nobody_handles_gets_an_error_naming_its_type() {
        record Unknown(String id) {
        }
        assertThatThrownBy(() -> rewind.commands().send(new Unknown("x")))
                .isInstanceOf(NoHandlerException.class).hasMessageContaining("Unknown")
                .hasMessageContaining("No handler is registered");
    }

    @Test
    void a_command_for_a_missing_aggregate_names_the_stream() {
        assertThatThrownBy(() -> rewind.commands().send(new Withdraw("nobody", 5)))
                .isInstanceOf(AggregateNotFoundException.class).hasMessageContaining("account-nobody");
    }

    @Test
    void creating_an_aggregate_twice_is_refused_and_writes_nothing() {
        rewind.commands().send(new OpenAccount("acc-1", "Ada"));
        assertThatThrownBy(() -> rewind.commands().send(new OpenAccount("acc-1", "Bob")))
                .isInstanceOf(AggregateAlreadyExistsException.class).hasMessageContaining("account-acc-1");
        assertThat(rewind.store().headPosition()).isEqualTo(1);
    }

    @Test
    void async_dispatch_completes_with_the_result_or_the_rejection() throws Exception {
        rewind.commands().sendAsync(new OpenAccount("acc-1", "Ada")).get(5, TimeUnit.SECONDS);
        assertThat(rewind.commands().sendAsync(new Deposit("acc-1", 5)).get(5, TimeUnit.SECONDS).version())
                .isEqualTo(1);
        var refused = rewind.commands().sendAsync(new Withdraw("acc-1", 500));
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BankDomainTest.InsufficientFunds.class);
    }

    @Test
    void two_contexts_handling_the_same_command_fail_at_start_up() {
        BoundedContext other = BoundedContext.define("other", context -> context.handle(Deposit.class,
                (command, message) -> new CommandResult("x", 0, 0, 0)));
        assertThatThrownBy(() -> Rewind.builder().store(new InMemoryEventStore())
                .context(BankDomainTest.bank(), other).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Deposit")
                .hasMessageContaining("two handlers");
    }

    @Test
    void registering_a_command_twice_on_one_aggregate_fails_at_start_up() {
        assertThatThrownBy(() -> BoundedContext.define("dup", context -> context
                .aggregate(BankDomainTest.BankAccount.class, "account", BankDomainTest.BankAccount::new,
                        (String id) -> id)
                .onExisting(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(1))
                .onAny(Deposit.class, Deposit::accountId, (a, c) -> a.deposit(2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("registered twice");
    }
}
