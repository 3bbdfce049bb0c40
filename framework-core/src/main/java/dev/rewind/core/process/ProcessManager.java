package dev.rewind.core.process;

import dev.rewind.core.internal.process.ProcessConnections;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.projection.Projector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A process manager (saga): reacts to events by sending commands and scheduling deadlines. It runs like a projector,
 * from its own checkpoint, so it sees every event once in order, and after a crash it may see the last batch again;
 * every command it sends gets an id derived from the triggering event, so redelivery stores nothing twice.
 *
 * <p>Keep the process's durable state in an aggregate keyed by the correlation id (for example a {@code Transfer}
 * aggregate keyed by the transfer id): the process manager then only translates events into commands.
 *
 * <pre>{@code
 * public final class TransferProcess extends ProcessManager {
 *     public TransferProcess() {
 *         super("transfers");
 *         when(TransferRequested.class, (e, react) -> {
 *             react.schedule("transfer-" + e.transferId(), Duration.ofSeconds(30),
 *                     new TransferTimedOut(e.transferId()));
 *             react.send(new Withdraw(e.from(), e.amountCents()));
 *         });
 *     }
 * }
 * }</pre>
 */
public abstract class ProcessManager extends Projector {

    private CommandBus commands;
    private DeadlineScheduler deadlines;
    private Clock clock = Clock.systemUTC();

    /** A process manager with a stable name (it keys its checkpoint). */
    protected ProcessManager(String name) {
        super(name);
    }

    /** Always durable: what a process manager did is in the store (its commands' events); it resumes, never replays. */
    @Override
    protected final boolean readModelIsDurable() {
        return true;
    }

    /** Registers the reaction to one event class. */
    protected final <E> void when(Class<E> eventClass, BiConsumer<? super E, Reactions> reaction) {
        Objects.requireNonNull(reaction, "reaction must not be null");
        register(eventClass, envelope -> reaction.accept(eventClass.cast(envelope.event()),
                new TriggeredReactions(envelope)));
    }

    static {
        ProcessConnections.install((processManager, commands, deadlines, clock) ->
                processManager.connect(commands, deadlines, clock));
    }

    /** Connects the process manager to the command bus and the deadline scheduler; the runtime does this once. */
    private synchronized void connect(CommandBus commandBus, DeadlineScheduler scheduler, Clock time) {
        if (commands != null) {
            throw new IllegalStateException("Process manager '" + name() + "' is connected already; register each"
                    + " instance in one runtime only.");
        }
        this.commands = Objects.requireNonNull(commandBus, "commandBus must not be null");
        this.deadlines = Objects.requireNonNull(scheduler, "scheduler must not be null");
        this.clock = Objects.requireNonNull(time, "time must not be null");
    }

    /** The reactions to one triggering event; the n-th command gets an id derived from the event id and n. */
    private final class TriggeredReactions implements Reactions {
        private final EventEnvelope<?> trigger;
        private int sent;

        TriggeredReactions(EventEnvelope<?> trigger) {
            this.trigger = trigger;
        }

        @Override
        public CommandResult send(Object command) {
            if (commands == null) {
                throw new IllegalStateException("Process manager '" + name() + "' is not connected to a command bus;"
                        + " register it with ContextBuilder.processManager(...).");
            }
            UUID commandId = UUID.nameUUIDFromBytes((name() + "/" + trigger.eventId() + "/" + sent++)
                    .getBytes(StandardCharsets.UTF_8));
            return commands.send(new CommandMessage(commandId, command, correlated()));
        }

        @Override
        public void schedule(String key, Duration delay, Object event) {
            if (deadlines == null) {
                throw new IllegalStateException("Process manager '" + name() + "' has no deadline scheduler;"
                        + " register it with ContextBuilder.processManager(...).");
            }
            deadlines.schedule(key, trigger.recordedAt().plus(delay).isBefore(clock.instant())
                    ? clock.instant() : trigger.recordedAt().plus(delay), event, correlated());
        }

        @Override
        public void cancel(String key) {
            if (deadlines != null) {
                deadlines.cancel(key);
            }
        }

        @Override
        public EventEnvelope<?> trigger() {
            return trigger;
        }

        private Metadata correlated() {
            Metadata metadata = trigger.metadata();
            return metadata.correlationId() == null ? metadata.withCorrelationId(trigger.eventId().toString())
                    : metadata;
        }
    }
}
