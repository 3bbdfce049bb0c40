package dev.rewind.core.testing;

import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.process.DeadlineScheduler;
import dev.rewind.core.process.ProcessManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Given/then tests for process managers: events go to its reactions; the commands it sent and the deadlines it
 * scheduled are recorded instead of executed. A command can be made to fail, to test compensation.
 *
 * <pre>{@code
 * ProcessFixture.of(new TransferProcess())
 *         .rejecting(new Deposit(TO, 250), new AccountClosedException(...))
 *         .given(new TransferRequested(T1, FROM, TO, 250), new SourceDebited(T1))
 *         .thenCommands(new Withdraw(FROM, 250), new Deposit(TO, 250), new Deposit(FROM, 250));
 * }</pre>
 */
public final class ProcessFixture {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final ProcessManager processManager;
    private final List<Object> sent = new ArrayList<>();
    private final Map<String, Object> scheduled = new HashMap<>();
    private final Map<Object, RuntimeException> rejections = new HashMap<>();
    private long position;

    private ProcessFixture(ProcessManager processManager) {
        this.processManager = Objects.requireNonNull(processManager, "processManager must not be null");
        processManager.connect(new RecordingBus(), new RecordingDeadlines(), Clock.fixed(START, ZoneOffset.UTC));
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

    /** Feeds these events to the process manager, in order. */
    public ProcessFixture given(Object... events) {
        for (Object event : events) {
            position++;
            processManager.handle(new EventEnvelope<>(UUID.randomUUID(), "fixture-1", position - 1, position,
                    event.getClass().getSimpleName(), START, Metadata.empty(), event));
        }
        return this;
    }

    /** Expects exactly these commands to have been sent so far, in order. */
    public ProcessFixture thenCommands(Object... expected) {
        if (!sent.equals(List.of(expected))) {
            throw new AssertionError("Process manager '" + processManager.name() + "'\n expected commands: "
                    + Arrays.toString(expected) + "\n but sent:          " + sent);
        }
        return this;
    }

    /** Expects a pending deadline with this key, holding this event. */
    public ProcessFixture thenScheduled(String key, Object event) {
        if (!Objects.equals(scheduled.get(key), event)) {
            throw new AssertionError("Process manager '" + processManager.name() + "'\n expected deadline " + key
                    + " with " + event + "\n but pending deadlines are " + scheduled);
        }
        return this;
    }

    /** Expects no pending deadline with this key (never scheduled, or cancelled). */
    public ProcessFixture thenNotScheduled(String key) {
        if (scheduled.containsKey(key)) {
            throw new AssertionError("Process manager '" + processManager.name() + "'\n expected no deadline " + key
                    + " but it is pending with " + scheduled.get(key));
        }
        return this;
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

    private final class RecordingDeadlines implements DeadlineScheduler {
        @Override
        public void schedule(String key, Instant dueAt, Object event, Metadata metadata) {
            scheduled.putIfAbsent(key, event);
        }

        @Override
        public void cancel(String key) {
            scheduled.remove(key);
        }

        @Override
        public void close() {
        }
    }
}
