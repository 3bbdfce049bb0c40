package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.JacksonEventSerializer;
import dev.rewind.core.spi.PartitionLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZMQ;

/**
 * Two write sides on one in-memory store, with test leases: {@code a} holds the even partitions, {@code b} the odd
 * ones, and each has its command server on a loopback port.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class RoutingCommandBusTest {

    static final EventTypes COMMANDS = EventTypes.builder().add("OpenAccount.v1", OpenAccount.class)
            .add("Deposit.v1", Deposit.class).add("Withdraw.v1", Withdraw.class).build();
    static final ObjectMapper MAPPER = JacksonEventSerializer.defaultMapper();
    private static final int PARTITIONS = 8;

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final SharedTestLeases leases = new SharedTestLeases();
    private final List<String> handledBy = new CopyOnWriteArrayList<>();
    private final AtomicInteger loadedByA = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicBoolean stallNextOnB = new AtomicBoolean();
    private final CountDownLatch appliedOnB = new CountDownLatch(1);
    private final CountDownLatch releaseB = new CountDownLatch(1);

    private RoutingCommandBus a;
    private RoutingCommandBus b;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start(CommandRoutingConfig config) {
        for (int p = 0; p < PARTITIONS; p++) {
            leases.assign(p, p % 2 == 0 ? "a" : "b");
        }
        a = writeSide("a", config);
        b = writeSide("b", config);
    }

    private RoutingCommandBus writeSide(String name, CommandRoutingConfig config) {
        PartitionLeases member = leases.member(name);
        AtomicInteger loaded = name.equals("a") ? loadedByA : new AtomicInteger();
        Rewind rewind = Rewind.builder().store(store).closeStoreOnClose(false).partitionLeases(member)
                .repositoryOptions(RepositoryOptions.DEFAULTS.withCacheSize(100))
                .context(BankDomainTest.bank(() -> {
                    loaded.incrementAndGet();
                    return new BankAccount();
                }))
                .interceptor((message, next) -> {
                    handledBy.add(name);
                    CommandResult result = next.proceed(message);
                    if (name.equals("b") && stallNextOnB.compareAndSet(true, false)) {
                        // applied, but the answer comes too late: as if b died before replying
                        appliedOnB.countDown();
                        await(releaseB);
                    }
                    return result;
                })
                .build().start();
        open.add(rewind);
        RoutingCommandBus bus = RoutingCommandBus.create(rewind, COMMANDS, MAPPER, config).start();
        open.add(bus);
        return bus;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CommandRoutingConfig loopback() {
        return CommandRoutingConfig.bind("tcp://127.0.0.1:*").withPartitions(PARTITIONS)
                .withDeadline(Duration.ofMillis(500)).withAttemptTimeout(Duration.ofSeconds(2));
    }

    /** An account id whose stream falls in a partition {@code wanted} accepts. */
    static String accountIn(IntPredicate wanted, int partitions) {
        for (int i = 0; ; i++) {
            String id = "acc-" + i;
            if (wanted.test(PartitionLeases.partitionOf("account-" + id, partitions))) {
                return id;
            }
        }
    }

    private static int partitionOf(String account) {
        return PartitionLeases.partitionOf("account-" + account, PARTITIONS);
    }

    @Nested
    class WhenAllPartitionsAreHeld {

        @Test
        void a_command_for_an_aggregate_the_other_holds_runs_there_and_answers_here() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            // when
            a.send(new OpenAccount(account, "Ada"));
            CommandResult deposited = a.send(new Deposit(account, 10));
            // then
            assertThat(handledBy).containsExactly("b", "b");
            assertThat(deposited.streamId()).isEqualTo("account-" + account);
            assertThat(deposited.version()).isEqualTo(1);
            assertThat(store.readStream("account-" + account)).hasSize(2);
        }

        @Test
        void a_command_for_an_aggregate_held_here_runs_here() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 0, PARTITIONS);
            // when
            a.send(new OpenAccount(account, "Ada"));
            b.send(new Deposit(account, 10));
            // then
            assertThat(handledBy).containsExactly("a", "a");
        }

        @Test
        void a_refusal_on_the_owner_reaches_the_caller_unretried() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            a.send(new OpenAccount(account, "Ada"));
            // when / then
            assertThatThrownBy(() -> a.send(new Withdraw(account, 5)))
                    .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                        assertThat(e.code()).isEqualTo(CommandErrorCode.REJECTED);
                        assertThat(e.remoteType()).endsWith("InsufficientFunds");
                    });
            assertThat(handledBy).containsExactly("b", "b");
        }

        @Test
        void a_command_server_refuses_a_command_for_a_partition_it_does_not_hold() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            // when / then
            try (ZmqCommandGateway direct = ZmqCommandGateway.connect(a.endpoint(), COMMANDS, MAPPER,
                    Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> direct.send(new OpenAccount(account, "Ada")))
                        .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                            assertThat(e.code()).isEqualTo(CommandErrorCode.NOT_OWNER);
                            assertThat(e.getMessage()).contains("account-" + account).contains("holder");
                        });
            }
            assertThat(handledBy).isEmpty();
            assertThat(store.headPosition()).isZero();
        }
    }

    @Nested
    class WhenPartitionsMove {

        @Test
        void commands_follow_the_new_holder() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            a.send(new OpenAccount(account, "Ada"));
            // when
            leases.assign(partitionOf(account), "a");
            b.send(new Deposit(account, 10));
            // then
            assertThat(handledBy).containsExactly("b", "a");
            assertThat(a.heldPartitions()).contains(partitionOf(account));
            assertThat(b.heldPartitions()).doesNotContain(partitionOf(account));
        }

        @Test
        void a_command_its_owner_applied_without_answering_is_resent_to_the_new_owner_and_applied_once()
                throws Exception {
            // given: b will apply the next command and not answer in time
            start(loopback().withAttemptTimeout(Duration.ofMillis(300)).withDeadline(Duration.ofSeconds(10)));
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            a.send(new OpenAccount(account, "Ada"));
            stallNextOnB.set(true);
            CommandMessage deposit = new CommandMessage(UUID.randomUUID(), new Deposit(account, 10),
                    Metadata.empty());
            CompletableFuture<CommandResult> sent = CompletableFuture.supplyAsync(() -> a.send(deposit));
            assertThat(appliedOnB.await(5, TimeUnit.SECONDS)).isTrue();
            // when: the partition moves to a while b still sits on the answer
            leases.assign(partitionOf(account), "a");
            CommandResult result = sent.get(10, TimeUnit.SECONDS);
            releaseB.countDown();
            // then
            assertThat(handledBy).containsExactly("b", "b", "a");
            assertThat(result.version()).isEqualTo(1);
            assertThat(store.readStream("account-" + account)).hasSize(2);
        }

        @Test
        void a_partition_without_holder_fails_after_the_deadline_with_a_retryable_error() {
            // given
            start(loopback());
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            leases.assign(partitionOf(account), null);
            long started = System.nanoTime();
            // when / then
            assertThatThrownBy(() -> a.send(new OpenAccount(account, "Ada")))
                    .isInstanceOfSatisfying(OwnerUnavailableException.class, e -> {
                        assertThat(e.code()).isEqualTo(CommandErrorCode.NOT_OWNER);
                        assertThat(e.streamId()).isEqualTo("account-" + account);
                        assertThat(e.getMessage()).contains("no write side holds it").contains("resend");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500),
                    Duration.ofSeconds(2));
            assertThat(store.headPosition()).isZero();
        }

        @Test
        void a_partition_given_up_and_taken_back_is_loaded_from_the_store_again() {
            // given: a has the account cached
            start(loopback());
            String account = accountIn(p -> p % 2 == 0, PARTITIONS);
            a.send(new OpenAccount(account, "Ada"));
            a.send(new Deposit(account, 1));
            int before = loadedByA.get();
            // when: b takes the partition, changes the account, and gives it back
            leases.assign(partitionOf(account), "b");
            a.send(new Deposit(account, 1));
            leases.assign(partitionOf(account), "a");
            CommandResult last = a.send(new Deposit(account, 1));
            // then
            assertThat(loadedByA.get()).isEqualTo(before + 1);
            assertThat(last.version()).isEqualTo(3);
            assertThat(handledBy).containsExactly("a", "a", "b", "a");
        }
    }

    @Nested
    class WhenTheWriteSidesUseCurve {

        @Test
        void commands_reach_the_owner_over_curve() {
            // given
            ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
            ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
            start(loopback().withCurve(new CurveServerKeys(server.secretKey, Set.of(client.publicKey)),
                    new CurveClientKeys(server.publicKey, client.publicKey, client.secretKey)));
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            // when
            a.send(new OpenAccount(account, "Ada"));
            // then
            assertThat(handledBy).containsExactly("b");
        }

        @Test
        void a_sender_without_an_allowed_key_gets_nothing() {
            // given
            ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
            ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
            ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
            start(loopback().withCurve(new CurveServerKeys(server.secretKey, Set.of(client.publicKey)),
                    new CurveClientKeys(server.publicKey, client.publicKey, client.secretKey)));
            String account = accountIn(p -> p % 2 == 1, PARTITIONS);
            // when / then
            try (ZmqCommandGateway intruder = ZmqCommandGateway.connect(CommandGatewayConfig.of(List.of(b.endpoint()))
                    .withTimeout(Duration.ofMillis(500)).withCurve(new CurveClientKeys(server.publicKey,
                            stranger.publicKey, stranger.secretKey)), COMMANDS, MAPPER)) {
                assertThatThrownBy(() -> intruder.send(new OpenAccount(account, "Ada")))
                        .isInstanceOfSatisfying(RemoteCommandException.class,
                                e -> assertThat(e.code()).isEqualTo(CommandErrorCode.TIMEOUT));
            }
            assertThat(handledBy).isEmpty();
        }
    }
}
