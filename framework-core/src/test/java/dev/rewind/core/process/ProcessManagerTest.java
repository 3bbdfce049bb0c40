package dev.rewind.core.process;

import dev.rewind.core.internal.process.StoreDeadlines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.BankAccount;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.bank.BankDomainTest.Withdraw;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.spi.CommitSignal;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.testing.ProcessFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class ProcessManagerTest {

    sealed interface TransferEvent permits TransferRequested, TransferTimedOut {}

    record TransferRequested(String transferId, String from, String to, long amountCents) implements TransferEvent {}

    record TransferTimedOut(String transferId) implements TransferEvent {}

    record RequestTransfer(String transferId, String from, String to, long amountCents) {}

    static final class Transfer extends AggregateRoot<String, TransferEvent> {
        static Transfer request(RequestTransfer c) {
            Transfer transfer = new Transfer();
            transfer.raise(new TransferRequested(c.transferId(), c.from(), c.to(), c.amountCents()));
            return transfer;
        }

        @Override
        protected void apply(TransferEvent event) {
        }
    }

    /** Moves money, refunds if the credit is refused, and counts timeouts. */
    static final class TransferProcess extends ProcessManager {
        final AtomicInteger timeouts = new AtomicInteger();
        final CountDownLatch timedOut = new CountDownLatch(1);

        TransferProcess() {
            super("transfer-process");
            when(TransferRequested.class, (e, react) -> {
                react.schedule("transfer-" + e.transferId(), Duration.ofMinutes(5),
                        new TransferTimedOut(e.transferId()));
                react.send(new Withdraw(e.from(), e.amountCents()));
                try {
                    react.send(new Deposit(e.to(), e.amountCents()));
                    react.cancel("transfer-" + e.transferId());
                } catch (RuntimeException refused) {
                    react.send(new Deposit(e.from(), e.amountCents()));
                }
            });
            when(TransferTimedOut.class, (e, react) -> {
                timeouts.incrementAndGet();
                timedOut.countDown();
            });
        }
    }

    /** A clock the test moves forward. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static BoundedContext transfers(ProcessManager process) {
        return BoundedContext.define("transfers", context -> {
            context.events(EventTypes.builder().add("TransferRequested.v1", TransferRequested.class)
                    .add("TransferTimedOut.v1", TransferTimedOut.class).build());
            context.aggregate(Transfer.class, "transfer", Transfer::new, (String id) -> id)
                    .onNew(RequestTransfer.class, RequestTransfer::transferId, Transfer::request);
            context.processManager(process);
        });
    }

    private static Rewind runtime(InMemoryEventStore store, InMemoryCheckpointStore checkpoints, Clock clock,
            ProcessManager process) {
        return Rewind.builder().store(store).closeStoreOnClose(false).checkpoints(checkpoints).clock(clock)
                .context(BankDomainTest.bank(), transfers(process)).build().start();
    }

    @Test
    void a_transfer_moves_money_through_commands_sent_by_the_process_manager() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        try (Rewind rewind = runtime(store, new InMemoryCheckpointStore(), Clock.systemUTC(), new TransferProcess())) {
            rewind.commands().send(new OpenAccount("a", "Ada"));
            rewind.commands().send(new OpenAccount("b", "Bob"));
            rewind.commands().send(new Deposit("a", 100));
            rewind.commands().send(new RequestTransfer("t1", "a", "b", 30));
            awaitStore(store, () -> store.readStream("deadline-transfer-t1").size() == 2, "the cancellation");
            assertThat(rewind.projections().awaitPosition(store.headPosition(), Duration.ofSeconds(10))).isTrue();
            assertThat(balance(rewind, "a")).isEqualTo(70);
            assertThat(balance(rewind, "b")).isEqualTo(30);
            List<RecordedEvent> deadline = store.readStream("deadline-transfer-t1");
            assertThat(deadline).extracting(RecordedEvent::type)
                    .containsExactly(StoreDeadlines.SCHEDULED, StoreDeadlines.CANCELLED);
            RecordedEvent withdrawal = store.readStream("account-a").get(2);
            assertThat(withdrawal.metadata().correlationId()).isNotNull();
        }
    }

    @Test
    void a_traceparent_given_with_a_command_reaches_its_events_and_the_commands_the_process_manager_sends()
            throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        InMemoryEventStore store = new InMemoryEventStore();
        try (Rewind rewind = runtime(store, new InMemoryCheckpointStore(), Clock.systemUTC(), new TransferProcess())) {
            rewind.commands().send(new OpenAccount("a", "Ada"));
            rewind.commands().send(new OpenAccount("b", "Bob"));
            rewind.commands().send(new Deposit("a", 100));
            // when
            rewind.commands().send(CommandMessage.of(new RequestTransfer("t1", "a", "b", 30))
                    .withMetadata(Metadata.empty().withTraceparent(traceparent)));
            awaitStore(store, () -> store.readStream("account-b").size() == 2, "the credit");
            // then: the same trace id on the request, the withdrawal and the credit
            for (RecordedEvent event : List.of(store.readStream("transfer-t1").get(0),
                    store.readStream("account-a").get(2), store.readStream("account-b").get(1))) {
                assertThat(event.metadata().traceparent()).hasValueSatisfying(value -> assertThat(value)
                        .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
            }
        }
    }

    @Test
    void a_malformed_traceparent_is_refused_with_the_format() {
        assertThatThrownBy(() -> Metadata.empty().withTraceparent("00-abc-def-01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("W3C format")
                .hasMessageContaining("'00-abc-def-01'");
        String zeroTraceId = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
        assertThatThrownBy(() -> Metadata.empty().withTraceparent(zeroTraceId))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_redelivered_event_repeats_no_effect() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        TransferProcess process = new TransferProcess();
        try (Rewind rewind = runtime(store, new InMemoryCheckpointStore(), Clock.systemUTC(), process)) {
            rewind.commands().send(new OpenAccount("a", "Ada"));
            rewind.commands().send(new OpenAccount("b", "Bob"));
            rewind.commands().send(new Deposit("a", 100));
            rewind.commands().send(new RequestTransfer("t1", "a", "b", 30));
            awaitStore(store, () -> store.readStream("account-b").size() == 2, "the credit");
            rewind.projections().awaitPosition(store.headPosition(), Duration.ofSeconds(10));
            long head = store.headPosition();
            // when: the same event reaches the process manager again, as after a crash before its checkpoint
            RecordedEvent requested = store.readStream("transfer-t1").get(0);
            EventEnvelope<Object> envelope = rewind.serializer().toEnvelope(requested);
            process.handle(envelope);
            // then
            assertThat(store.headPosition()).isEqualTo(head);
            assertThat(balance(rewind, "a")).isEqualTo(70);
        }
    }

    @Test
    void a_deadline_that_falls_during_a_restart_fires_once() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        TestClock clock = new TestClock();
        // given: a transfer whose credit account does not exist, so its deadline stays pending
        try (Rewind first = runtime(store, checkpoints, clock, new TransferProcess())) {
            first.commands().send(new OpenAccount("a", "Ada"));
            first.commands().send(new Deposit("a", 100));
            first.commands().send(new RequestTransfer("t1", "a", "nobody", 30));
            awaitStore(store, () -> store.readStream("account-a").size() == 4, "the refund");
            first.projections().awaitPosition(store.headPosition(), Duration.ofSeconds(10));
        }
        assertThat(store.readStream("deadline-transfer-t1")).hasSize(1);
        // when: the application is down past the deadline, then starts again
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        TransferProcess afterRestart = new TransferProcess();
        try (Rewind second = runtime(store, checkpoints, clock, afterRestart)) {
            assertThat(afterRestart.timedOut.await(10, TimeUnit.SECONDS)).as("the timeout reaction").isTrue();
            assertThat(afterRestart.timeouts.get()).isEqualTo(1);
        }
        TransferProcess afterAnotherRestart = new TransferProcess();
        try (Rewind third = runtime(store, checkpoints, clock, afterAnotherRestart)) {
            third.projections().awaitPosition(store.headPosition(), Duration.ofSeconds(10));
        }
        // then
        assertThat(store.readStream("deadline-transfer-t1")).extracting(RecordedEvent::type)
                .containsExactly(StoreDeadlines.SCHEDULED, "TransferTimedOut.v1");
        assertThat(afterAnotherRestart.timeouts.get()).isZero();
        assertThat(store.readAll(1, 1000, EventFilter.eventTypes("TransferTimedOut.v1"))).hasSize(1);
    }

    @Test
    void the_fixture_shows_the_refund_when_the_credit_is_refused() {
        ProcessFixture.of(new TransferProcess())
                .rejecting(new Deposit("b", 30), new InsufficientFundsLike())
                .given(new TransferRequested("t1", "a", "b", 30))
                .thenCommands(new Withdraw("a", 30), new Deposit("b", 30), new Deposit("a", 30))
                .thenScheduled("transfer-t1", new TransferTimedOut("t1"));
        ProcessFixture.of(new TransferProcess())
                .given(new TransferRequested("t2", "a", "b", 5))
                .thenCommands(new Withdraw("a", 5), new Deposit("b", 5))
                .thenNotScheduled("transfer-t2");
    }

    /** A refusal like the ones aggregates throw. */
    static final class InsufficientFundsLike extends RuntimeException {
        InsufficientFundsLike() {
            super("account b is closed");
        }
    }

    private static long balance(Rewind rewind, String account) {
        return rewind.repository(BankAccount.class).load(account).map(a -> {
            List<RecordedEvent> stream = rewind.store().readStream("account-" + account);
            Object last = rewind.serializer().deserialize(stream.get(stream.size() - 1));
            return last instanceof BankDomainTest.MoneyDeposited d ? d.newBalance()
                    : last instanceof BankDomainTest.MoneyWithdrawn w ? w.newBalance() : 0L;
        }).orElseThrow();
    }

    /** Waits up to 10 s for a condition on the store, checking it again after each of the store's commits. */
    static void awaitStore(InMemoryEventStore store, BooleanSupplier condition, String what) {
        Thread waiter = Thread.currentThread();
        try (CommitSignal.Registration wake = store.onCommit(() -> LockSupport.unpark(waiter)).orElseThrow()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + what);
                }
                LockSupport.parkNanos(left); // an unpark before the park is kept, so no commit is missed
            }
        }
    }
}
