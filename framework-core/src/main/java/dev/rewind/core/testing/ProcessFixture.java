package dev.rewind.core.testing;

import dev.rewind.core.internal.process.ProcessConnections;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.testing.FixtureDeadlines.Deadline;
import dev.rewind.core.testing.FixtureDeadlines.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Given/then tests for process managers: events go to its reactions; the commands it sends are recorded instead of
 * executed, and its deadlines are kept on a test clock that moves only when told to. Moving the clock fires the
 * deadlines that fall due, in due order: each deadline's event goes to the process manager as if it had been stored,
 * and the commands it reacts with are recorded like the others. A command can be made to fail, to test compensation.
 * JUnit-free: a failed expectation throws {@link AssertionError}.
 *
 * <p>The clock starts at {@link #START}; events given to the process manager are recorded at the current time, so a
 * deadline scheduled in reaction to one falls due its delay later.
 *
 * <pre>{@code
 * ProcessFixture.of(new TransferProcess())
 *         .given(new TransferRequested(T1, ADA, BOB, 250))
 *         .thenScheduled("transfer-t1", Duration.ofSeconds(30), new TransferTimedOut(T1))
 *         .advanceTimeBy(Duration.ofSeconds(30))
 *         .thenFired("transfer-t1")
 *         .thenCommands(new SendTransfer(ADA, REF, 250), new RecordDebit(T1),
 *                 new FailTransfer(T1, "the transfer did not finish within 30 s"));
 * }</pre>
 */
public final class ProcessFixture {

    /** Where the fixture's clock starts. */
    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final ProcessManager processManager;
    private final FixtureDeadlines deadlines = new FixtureDeadlines(START);
    private final List<Object> sent = new ArrayList<>();
    private final Map<Object, RuntimeException> rejections = new HashMap<>();
    private long position;

    private ProcessFixture(ProcessManager processManager) {
        this.processManager = Objects.requireNonNull(processManager, "processManager must not be null");
        ProcessConnections.connect(processManager, new RecordingBus(), deadlines, deadlines.clock());
    }

    /** A fixture around a fresh, unconnected process manager. */
    public static ProcessFixture of(ProcessManager processManager) {
        return new ProcessFixture(processManager);
    }

    /** Makes this command (compared with {@code equals}) fail with the given exception when it is sent. */
    public ProcessFixture rejecting(Object command, RuntimeException rejection) {
        rejections.put(Objects.requireNonNull(command, "command must not be null"),
                Objects.requireNonNull(rejection, "rejection must not be null"));
        return this;
    }

    /** Feeds these events to the process manager, in order, recorded at the current time. */
    public ProcessFixture given(Object... events) {
        for (Object event : events) {
            deliver(UUID.randomUUID(), "fixture-1", position, event);
        }
        return this;
    }

    /**
     * Moves the clock forward by {@code duration}, firing every deadline that falls due on the way.
     *
     * @throws IllegalArgumentException if the duration is negative
     */
    public ProcessFixture advanceTimeBy(Duration duration) {
        if (Objects.requireNonNull(duration, "duration must not be null").isNegative()) {
            throw new IllegalArgumentException("Time only moves forward; cannot advance by " + duration);
        }
        return advanceTimeTo(now().plus(duration));
    }

    /**
     * Moves the clock forward to {@code instant}, firing every pending deadline due at or before it, earliest first
     * (deadlines due at the same instant in the order they were scheduled). While a deadline fires, the clock reads
     * its due time, so a deadline its reaction schedules is measured from there, and fires too if it falls due by
     * {@code instant}. {@code advanceTimeBy(Duration.ZERO)} fires the deadlines due now.
     *
     * @throws IllegalArgumentException if {@code instant} is before the current time
     */
    public ProcessFixture advanceTimeTo(Instant instant) {
        Objects.requireNonNull(instant, "instant must not be null");
        if (instant.isBefore(now())) {
            throw new IllegalArgumentException("Time only moves forward: the fixture is at " + now()
                    + ", cannot go back to " + instant);
        }
        for (Optional<Deadline> due = deadlines.firstDueBy(instant); due.isPresent();
                due = deadlines.firstDueBy(instant)) {
            Deadline deadline = due.get();
            if (deadline.dueAt().isAfter(now())) {
                deadlines.moveTo(deadline.dueAt());
            }
            deadlines.fired(deadline);
            UUID eventId = UUID.nameUUIDFromBytes(("fired/" + deadline.key()).getBytes(StandardCharsets.UTF_8));
            deliver(eventId, "deadline-" + deadline.key(), 1, deadline.event());
        }
        deadlines.moveTo(instant);
        return this;
    }

    /** The fixture's current time. */
    public Instant now() {
        return deadlines.now();
    }

    /** Expects exactly these commands to have been sent so far (by given events and fired deadlines), in order. */
    public ProcessFixture thenCommands(Object... expected) {
        if (!sent.equals(List.of(expected))) {
            throw failure("expected commands: " + List.of(expected) + "\n but sent:          " + sent);
        }
        return this;
    }

    /** Expects a pending deadline with this key, holding this event, whenever it is due. */
    public ProcessFixture thenScheduled(String key, Object event) {
        Optional<Deadline> deadline = deadlines.get(key);
        if (deadline.isEmpty() || deadline.get().status() != Status.PENDING
                || !Objects.equals(deadline.get().event(), event)) {
            throw failure("expected a pending deadline " + key + " with " + event + "\n but deadlines are "
                    + deadlines.describe());
        }
        return this;
    }

    /** Expects a pending deadline with this key and event, due exactly {@code dueIn} from the current time. */
    public ProcessFixture thenScheduled(String key, Duration dueIn, Object event) {
        Objects.requireNonNull(dueIn, "dueIn must not be null");
        return thenScheduledAt(key, now().plus(dueIn), event);
    }

    /** Expects a pending deadline with this key and event, due exactly at {@code dueAt}. */
    public ProcessFixture thenScheduledAt(String key, Instant dueAt, Object event) {
        thenScheduled(key, event);
        Instant actual = deadlines.get(key).orElseThrow().dueAt();
        if (!actual.equals(dueAt)) {
            throw failure("expected deadline " + key + " due at " + dueAt + " (in " + Duration.between(now(), dueAt)
                    + ")\n but it is due at   " + actual + " (in " + Duration.between(now(), actual) + ")");
        }
        return this;
    }

    /** Expects no pending deadline with this key (never scheduled, cancelled, or fired). */
    public ProcessFixture thenNotScheduled(String key) {
        deadlines.get(key).filter(d -> d.status() == Status.PENDING).ifPresent(pending -> {
            throw failure("expected no pending deadline " + key + "\n but there is " + pending);
        });
        return this;
    }

    /** Expects the deadline with this key to have been scheduled and then cancelled before it fell due. */
    public ProcessFixture thenCancelled(String key) {
        return thenEnded(key, Status.CANCELLED);
    }

    /** Expects the deadline with this key to have fallen due and its event to have gone to the process manager. */
    public ProcessFixture thenFired(String key) {
        return thenEnded(key, Status.FIRED);
    }

    private ProcessFixture thenEnded(String key, Status status) {
        if (deadlines.get(key).filter(d -> d.status() == status).isEmpty()) {
            throw failure("expected deadline " + key + " to be " + status.name().toLowerCase()
                    + "\n but deadlines are " + deadlines.describe());
        }
        return this;
    }

    private void deliver(UUID eventId, String streamId, long streamVersion, Object event) {
        position++;
        processManager.handle(new EventEnvelope<>(eventId, streamId, streamVersion, position,
                event.getClass().getSimpleName(), now(), Metadata.empty(), event));
    }

    private AssertionError failure(String message) {
        return new AssertionError("Process manager '" + processManager.name() + "' at " + now() + "\n " + message);
    }

    private final class RecordingBus implements CommandBus {
        @Override
        public CommandResult send(Object command) {
            sent.add(command);
            RuntimeException rejection = rejections.get(command);
            if (rejection != null) {
                throw rejection;
            }
            return new CommandResult("fixture-1", 0, position, 1);
        }

        @Override
        public CommandResult send(CommandMessage message) {
            return send(message.command());
        }

        @Override
        public CompletableFuture<CommandResult> sendAsync(Object command) {
            return CompletableFuture.completedFuture(send(command));
        }
    }
}
