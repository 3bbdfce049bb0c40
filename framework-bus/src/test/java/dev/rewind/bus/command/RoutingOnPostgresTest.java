package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.bus.Await;
import dev.rewind.bus.PostgresSchemas;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.lease.PostgresPartitionLeases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
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

    private static final int ACCOUNTS = 40;
    private static final Duration LEASE = PostgresPartitionLeases.DEFAULT_LEASE;
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private String schema;
    private final List<WriteSide> sides = new ArrayList<>();
    private final List<String> accounts = IntStream.range(0, ACCOUNTS).mapToObj(i -> "acc-" + i).toList();

    @BeforeAll
    static void countConflicts() {
        Metrics.addRegistry(METERS);
    }

    @AfterAll
    static void stopCounting() {
        Metrics.removeRegistry(METERS);
    }

    /** One write-side process. */
    private final class WriteSide implements AutoCloseable {
        final EventStoreBackend backend = EventStores.openBackend(PostgresSchemas.store(schema));
        final HikariDataSource leasePool = pool();
        final PostgresPartitionLeases leases = new PostgresPartitionLeases(leasePool, LEASE);
        final Rewind rewind = backend.runtime().partitionLeases(leases)
                .repositoryOptions(RepositoryOptions.DEFAULTS.withCacheSize(1_000))
                .context(BankDomainTest.bank()).build().start();
        final RoutingCommandBus bus = RoutingCommandBus.create(rewind, RoutingCommandBusTest.COMMANDS,
                RoutingCommandBusTest.MAPPER, CommandRoutingConfig.bind("tcp://127.0.0.1:*")
                        .withDeadline(Duration.ofSeconds(20)).withAttemptTimeout(Duration.ofSeconds(2))).start();
        volatile boolean down;

        private HikariDataSource pool() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PostgresSchemas.store(schema));
            config.setMaximumPoolSize(2);
            config.setPoolName("leases");
            return new HikariDataSource(config);
        }

        /** Dies as a killed process would: its leases stop being renewed and its command server goes away. */
        void crash() {
            down = true;
            leasePool.close();
            bus.close();
        }

        @Override
        public void close() {
            down = true;
            bus.close();
            rewind.close();
            leases.close();
            leasePool.close();
            backend.close();
        }
    }

    @BeforeEach
    void startThreeWriteSides() throws InterruptedException {
        schema = PostgresSchemas.create();
        for (int i = 0; i < 3; i++) {
            sides.add(new WriteSide());
        }
        awaitPartitionsHeldBy(sides, Duration.ofSeconds(20));
        for (String account : accounts) {
            any(sides).bus.send(new OpenAccount(account, "owner of " + account));
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
        Map<UUID, String> acknowledged = sendFromThreads(4, 150, sides);
        // then
        assertThat(conflicts() - conflictsBefore).isZero();
        assertAppliedExactlyOnce(acknowledged, Set.of());
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
        assertThat(sides.get(0).backend.store().readStream("account-acc-1")).hasSize(4);
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

    private void moveWhileCommandsFlow(java.util.function.Consumer<WriteSide> stop, String how) throws Exception {
        // given: commands flow to every write side
        WriteSide leaving = sides.get(2);
        List<WriteSide> survivors = sides.subList(0, 2);
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        Set<UUID> unknown = ConcurrentHashMap.newKeySet();
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread sender = new Thread(() -> {
                while (flowing.get()) {
                    sendOne(sides, acknowledged, unknown);
                }
            });
            sender.start();
            senders.add(sender);
        }
        Await.until(() -> acknowledged.size() > 100, Duration.ofSeconds(30), "commands flowing");
        // when
        long stopped = System.nanoTime();
        stop.accept(leaving);
        awaitPartitionsHeldBy(survivors, Duration.ofSeconds(30));
        Duration moved = Duration.ofNanos(System.nanoTime() - stopped);
        int before = acknowledged.size();
        Await.until(() -> acknowledged.size() > before + 100, Duration.ofSeconds(30), "commands after the move");
        flowing.set(false);
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        System.out.printf("Write side %s: its partitions moved to the other two in %d ms (lease %d ms);"
                + " %d commands acknowledged, %d unknown%n", how, moved.toMillis(), LEASE.toMillis(),
                acknowledged.size(), unknown.size());
        // then
        assertThat(moved).isLessThan(LEASE.multipliedBy(3));
        assertAppliedExactlyOnce(acknowledged, unknown);
        double conflictsBefore = conflicts();
        assertAppliedExactlyOnce(sendFromThreads(2, 50, survivors), Set.of());
        assertThat(conflicts() - conflictsBefore).as("conflicts once the partitions settled").isZero();
    }

    private void sendOne(List<WriteSide> targets, Map<UUID, String> acknowledged, Set<UUID> unknown) {
        String account = accounts.get(ThreadLocalRandom.current().nextInt(ACCOUNTS));
        CommandMessage deposit = new CommandMessage(UUID.randomUUID(), new Deposit(account, 1), Metadata.empty());
        WriteSide side = any(targets);
        if (side.down) {
            return;
        }
        try {
            CommandResult result = side.bus.send(deposit);
            assertThat(result.streamId()).isEqualTo("account-" + account);
            acknowledged.put(deposit.commandId(), account);
        } catch (IllegalStateException closedMeanwhile) {
            unknown.add(deposit.commandId());
        } catch (OwnerUnavailableException timedOut) {
            unknown.add(deposit.commandId());
        }
    }

    private Map<UUID, String> sendFromThreads(int threads, int each, List<WriteSide> targets) throws Exception {
        Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        Set<UUID> unknown = ConcurrentHashMap.newKeySet();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    sendOne(targets, acknowledged, unknown);
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(60_000);
        }
        assertThat(unknown).as("commands without an answer").isEmpty();
        assertThat(acknowledged).hasSize(threads * each);
        return acknowledged;
    }

    /** Every acknowledged deposit is stored once, every other one at most once. */
    private void assertAppliedExactlyOnce(Map<UUID, String> acknowledged, Set<UUID> unknown) {
        Map<String, Integer> stored = new HashMap<>();
        WriteSide reader = sides.get(0);
        for (String account : accounts) {
            for (RecordedEvent event : reader.backend.store().readStream("account-" + account)) {
                stored.merge(event.metadata().causationId(), 1, Integer::sum);
            }
        }
        Set<String> twice = new HashSet<>();
        stored.forEach((command, count) -> {
            if (count > 1) {
                twice.add(command);
            }
        });
        assertThat(twice).as("commands applied twice").isEmpty();
        Set<UUID> missing = new HashSet<>(acknowledged.keySet());
        missing.removeIf(id -> stored.containsKey(id.toString()));
        assertThat(missing).as("acknowledged commands not stored").isEmpty();
    }

    private static WriteSide any(List<WriteSide> targets) {
        return targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
    }

    private static void awaitPartitionsHeldBy(List<WriteSide> holders, Duration timeout) throws InterruptedException {
        int fairShare = CommandRoutingConfig.DEFAULT_PARTITIONS / holders.size();
        Await.until(() -> {
            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (WriteSide side : holders) {
                Set<Integer> held = side.bus.heldPartitions();
                if (held.size() < fairShare) {
                    return false;
                }
                all.addAll(held);
                total += held.size();
            }
            return all.size() == CommandRoutingConfig.DEFAULT_PARTITIONS && total == all.size();
        }, timeout, "every partition held by exactly one of " + holders.size() + " write sides, each its share");
    }

    private static double conflicts() {
        return METERS.find("rewind.command.conflicts").counters().stream().mapToDouble(Counter::count).sum();
    }
}
