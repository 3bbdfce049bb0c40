package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.Await;
import dev.rewind.bus.PostgresSchemas;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.core.spi.PartitionLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Write sides of the test bank over one PostgreSQL schema, each as a process has it: its own store pool, its own
 * PostgreSQL partition leases on a pool of their own, its own command server on a loopback port; and deposits sent
 * to them from several threads, with what was acknowledged, checked against the store.
 */
final class WriteSides {

    static final int ACCOUNTS = 40;
    /** The lease time of {@link EventStoreBackend#partitionLeases()} on PostgreSQL. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static final List<String> ACCOUNT_IDS = IntStream.range(0, ACCOUNTS).mapToObj(i -> "acc-" + i).toList();

    private WriteSides() {
    }

    /** One write-side process. */
    static final class WriteSide implements AutoCloseable {
        final EventStoreBackend backend;
        /** A backend of its own for the leases, so that they can die alone. */
        final EventStoreBackend leaseBackend;
        final PartitionLeases leases;
        final Rewind rewind;
        final RoutingCommandBus bus;
        volatile boolean down;

        WriteSide(String schema, String bind) {
            backend = EventStores.openBackend(PostgresSchemas.store(schema));
            leaseBackend = EventStores.openBackend(PostgresSchemas.store(schema));
            leases = leaseBackend.partitionLeases();
            rewind = backend.runtime().partitionLeases(leases)
                    .repositoryOptions(RepositoryOptions.DEFAULTS.withCacheSize(1_000))
                    .context(BankDomainTest.bank()).build().start();
            bus = RoutingCommandBus.create(rewind, RoutingCommandBusTest.COMMANDS, RoutingCommandBusTest.MAPPER,
                    CommandRoutingConfig.bind(bind).withDeadline(Duration.ofSeconds(20))
                            .withAttemptTimeout(Duration.ofSeconds(2))).start();
        }

        /**
         * Dies as a killed process would: the connections its leases are renewed on close under them, and its
         * command server goes away.
         */
        void crash() {
            down = true;
            try {
                ((AutoCloseable) leaseBackend.dataSource().orElseThrow()).close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not close the lease pool", e);
            }
            bus.close();
        }

        @Override
        public void close() {
            down = true;
            bus.close();
            rewind.close();
            leaseBackend.close();
            backend.close();
        }
    }

    /** Deposits sent to random accounts through random write sides from a few threads, until stopped. */
    static final class Flow {
        final Map<UUID, String> acknowledged = new ConcurrentHashMap<>();
        final Set<UUID> unknown = ConcurrentHashMap.newKeySet();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        private final AtomicBoolean flowing = new AtomicBoolean(true);
        private final List<Thread> senders = new ArrayList<>();

        Flow(List<WriteSide> targets, int threads, int each) {
            for (int t = 0; t < threads; t++) {
                Thread sender = new Thread(() -> {
                    for (int i = 0; flowing.get() && (each < 0 || i < each); i++) {
                        sendOne(targets);
                    }
                }, "sender-" + t);
                sender.start();
                senders.add(sender);
            }
        }

        private void sendOne(List<WriteSide> targets) {
            String account = ACCOUNT_IDS.get(ThreadLocalRandom.current().nextInt(ACCOUNTS));
            CommandMessage deposit = new CommandMessage(UUID.randomUUID(), new Deposit(account, 1), Metadata.empty());
            WriteSide side = targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
            if (side.down) {
                return;
            }
            try {
                CommandResult result = side.bus.send(deposit);
                assertThat(result.streamId()).isEqualTo("account-" + account);
                acknowledged.put(deposit.commandId(), account);
            } catch (IllegalStateException | OwnerUnavailableException noAnswer) {
                unknown.add(deposit.commandId());
            } catch (RuntimeException unexpected) {
                failures.add(unexpected);
            }
        }

        /** Waits until {@code more} further commands were acknowledged. */
        Flow awaitMore(int more, String what) throws InterruptedException {
            int before = acknowledged.size();
            Await.until(() -> acknowledged.size() >= before + more, Duration.ofSeconds(30), what);
            return this;
        }

        /** Stops sending and waits for the commands in flight. */
        Flow stop() throws InterruptedException {
            flowing.set(false);
            return finish();
        }

        /** Waits until every thread sent its commands. */
        Flow finish() throws InterruptedException {
            for (Thread sender : senders) {
                sender.join(60_000);
            }
            return this;
        }
    }

    /** Every acknowledged deposit is stored once, and none twice. */
    static void assertAppliedExactlyOnce(EventStore store, Flow flow) {
        assertThat(flow.failures).as("commands that failed").isEmpty();
        Map<String, Integer> stored = new HashMap<>();
        for (String account : ACCOUNT_IDS) {
            for (RecordedEvent event : store.readStream("account-" + account)) {
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
        Set<UUID> missing = new HashSet<>(flow.acknowledged.keySet());
        missing.removeIf(id -> stored.containsKey(id.toString()));
        assertThat(missing).as("acknowledged commands not stored").isEmpty();
    }

    /**
     * Waits until the given write sides, among {@code members} live ones, each hold their share (no fewer than P /
     * members partitions) and no partition twice; all of them together if they are all the members.
     */
    static void awaitShares(List<WriteSide> holders, int members, Duration timeout) throws InterruptedException {
        int partitions = CommandRoutingConfig.DEFAULT_PARTITIONS;
        int share = partitions / members;
        Await.until(() -> {
            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (WriteSide side : holders) {
                Set<Integer> held = side.bus.heldPartitions();
                if (held.size() < share) {
                    return false;
                }
                all.addAll(held);
                total += held.size();
            }
            int others = members - holders.size();
            return total == all.size() && (others == 0 ? all.size() == partitions
                    : all.size() <= partitions - others * share);
        }, timeout, holders.size() + " of " + members + " write sides holding their share of the partitions");
    }
}
