package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.PostgresSchemas;
import dev.rewind.bus.command.WriteSides.Flow;
import dev.rewind.bus.command.WriteSides.WriteSide;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three write sides over one PostgreSQL schema, each a runtime of its own with its own store pool, its own
 * PostgreSQL partition leases on a pool of their own, and its own command server on a loopback port: every command
 * sent to any of them is applied once, without version conflicts, also while one of them leaves or crashes.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(180)
class RoutingOnPostgresTest {

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private String schema;
    private final List<WriteSide> sides = new ArrayList<>();

    @BeforeAll
    static void countConflicts() {
        Metrics.addRegistry(METERS);
    }

    @AfterAll
    static void stopCounting() {
        Metrics.removeRegistry(METERS);
    }

    @BeforeEach
    void startThreeWriteSides() throws InterruptedException {
        schema = PostgresSchemas.create();
        for (int i = 0; i < 3; i++) {
            sides.add(new WriteSide(schema, "tcp://127.0.0.1:*"));
        }
        WriteSides.awaitShares(sides, 3, Duration.ofSeconds(20));
        for (String account : WriteSides.ACCOUNT_IDS) {
            sides.get(0).bus.send(new OpenAccount(account, "owner of " + account));
        }
    }

    @AfterEach
    void stop() throws Exception {
        sides.forEach(WriteSide::close);
        PostgresSchemas.drop(schema);
    }

    @Test
    void commands_sent_to_any_write_side_apply_once_without_conflicts() throws Exception {
        // given
        double conflictsBefore = conflicts();
        // when
        Flow flow = new Flow(sides, 4, 150).finish();
        // then
        assertThat(flow.unknown).isEmpty();
        assertThat(flow.acknowledged).hasSize(600);
        assertThat(conflicts() - conflictsBefore).isZero();
        WriteSides.assertAppliedExactlyOnce(store(), flow);
    }

    @Test
    void without_the_routing_the_same_aggregate_written_from_every_write_side_meets_conflicts() throws Exception {
        // given: the control of the test above, counted by the same meter
        double conflictsBefore = conflicts();
        List<Thread> writers = new ArrayList<>();
        AtomicInteger applied = new AtomicInteger();
        // when: each write side's own bus deposits to one account, past the routing
        for (WriteSide side : sides) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    try {
                        side.rewind.commands().send(new Deposit("acc-0", 1));
                        applied.incrementAndGet();
                    } catch (CommandConflictException retriesRanOut) {
                        // counted by the meter too
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join(60_000);
        }
        // then
        assertThat(conflicts() - conflictsBefore).isPositive();
        assertThat(store().readStream("account-acc-0")).hasSize(1 + applied.get());
    }

    @Test
    void a_command_handled_again_with_its_id_on_another_write_side_answers_its_first_result() {
        // given: a deposit and a withdrawal of everything, then another deposit
        CommandMessage deposit = new CommandMessage(UUID.randomUUID(), new Deposit("acc-1", 10), Metadata.empty());
        CommandMessage withdraw = new CommandMessage(UUID.randomUUID(), new Withdraw("acc-1", 10), Metadata.empty());
        CommandResult deposited = sides.get(0).bus.send(deposit);
        CommandResult withdrawn = sides.get(1).bus.send(withdraw);
        sides.get(2).bus.send(new Deposit("acc-1", 1));
        // when: each runs again on every write side's own bus, past the routing, on the stream as it is now
        List<CommandResult> again = new ArrayList<>();
        for (WriteSide side : sides) {
            again.add(side.rewind.commands().send(deposit));
            again.add(side.rewind.commands().send(withdraw));
        }
        // then
        assertThat(again).extracting(CommandResult::version).containsExactly(deposited.version(),
                withdrawn.version(), deposited.version(), withdrawn.version(), deposited.version(),
                withdrawn.version());
        assertThat(again).extracting(CommandResult::position).containsExactly(deposited.position(),
                withdrawn.position(), deposited.position(), withdrawn.position(), deposited.position(),
                withdrawn.position());
        assertThat(store().readStream("account-acc-1")).hasSize(4);
    }

    @Test
    void a_write_side_that_leaves_hands_its_aggregates_over_and_every_acknowledged_command_applies_once()
            throws Exception {
        moveWhileCommandsFlow(WriteSide::close, "leaves");
    }

    @Test
    void a_write_side_that_crashes_loses_its_aggregates_after_the_lease_and_every_acknowledged_command_applies_once()
            throws Exception {
        moveWhileCommandsFlow(WriteSide::crash, "crashes");
    }

    private void moveWhileCommandsFlow(Consumer<WriteSide> stop, String how) throws Exception {
        // given: commands flow to every write side
        List<WriteSide> survivors = sides.subList(0, 2);
        Flow flow = new Flow(sides, 4, -1).awaitMore(100, "commands flowing");
        // when
        long stopped = System.nanoTime();
        stop.accept(sides.get(2));
        WriteSides.awaitShares(survivors, 2, Duration.ofSeconds(30));
        Duration moved = Duration.ofNanos(System.nanoTime() - stopped);
        flow.awaitMore(100, "commands after the move").stop();
        System.out.printf("Write side %s: its partitions moved to the other two in %d ms (lease %d ms);"
                + " %d commands acknowledged, %d without answer%n", how, moved.toMillis(),
                WriteSides.LEASE.toMillis(), flow.acknowledged.size(), flow.unknown.size());
        // then
        assertThat(moved).isLessThan(WriteSides.LEASE.multipliedBy(3));
        WriteSides.assertAppliedExactlyOnce(store(), flow);
        double conflictsBefore = conflicts();
        Flow settled = new Flow(survivors, 2, 50).finish();
        assertThat(settled.acknowledged).hasSize(100);
        WriteSides.assertAppliedExactlyOnce(store(), settled);
        assertThat(conflicts() - conflictsBefore).as("conflicts once the partitions settled").isZero();
    }

    private EventStore store() {
        return sides.get(0).backend.store();
    }

    private static double conflicts() {
        return METERS.find("rewind.command.conflicts").counters().stream().mapToDouble(Counter::count).sum();
    }
}
