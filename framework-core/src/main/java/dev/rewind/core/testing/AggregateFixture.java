package dev.rewind.core.testing;

import dev.rewind.core.Rewind;
import dev.rewind.core.context.AggregateRegistration;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.core.serialization.SerializedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then tests for aggregates, through the real command path (registration, serialization, repository)
 * on an in-memory store. Works with any test framework: a failed expectation throws {@link AssertionError}.
 *
 * <pre>{@code
 * AggregateFixture.of(new AccountsModule())
 *         .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
 *         .when(new Withdraw(ADA, 500))
 *         .thenThrows(InsufficientFunds.class, "balance 100 is less than 500");
 * }</pre>
 */
public final class AggregateFixture {

    private final BoundedContext context;

    private AggregateFixture(BoundedContext context) {
        this.context = Objects.requireNonNull(context, "context must not be null");
    }

    /** A fixture for the aggregates of a bounded context. */
    public static AggregateFixture of(BoundedContext context) {
        return new AggregateFixture(context);
    }

    /** A fixture for the aggregates of a bounded context module. */
    public static AggregateFixture of(BoundedContextModule module) {
        return new AggregateFixture(module.describe());
    }

    /** The history of the command's target aggregate: these events are stored in its stream before the command. */
    public When given(Object... history) {
        return new When(List.of(history));
    }

    /** Starts a scenario with no history. */
    public Then when(Object command) {
        return given().when(command);
    }

    /** The step that sends the command. */
    public final class When {
        private final List<Object> history;

        private When(List<Object> history) {
            this.history = history;
        }

        /** Sends the command to its handler and records what happened. */
        public Then when(Object command) {
            Objects.requireNonNull(command, "command must not be null");
            try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(context).build()) {
                String streamId = context.aggregateFor(command.getClass())
                        .map(aggregate -> streamOf(aggregate, command))
                        .orElse(null);
                int stored = storeHistory(rewind, streamId);
                try {
                    rewind.commands().send(command);
                } catch (RuntimeException thrown) {
                    return new Then(command, List.of(), thrown);
                }
                List<Object> produced = new ArrayList<>();
                if (streamId != null) {
                    for (RecordedEvent event : rewind.store().readStream(streamId, stored, Integer.MAX_VALUE)) {
                        produced.add(rewind.serializer().deserialize(event));
                    }
                }
                return new Then(command, produced, null);
            }
        }

        private int storeHistory(Rewind rewind, String streamId) {
            if (history.isEmpty()) {
                return 0;
            }
            if (streamId == null) {
                throw new AssertionError("Given events need a command handled by an aggregate, so the fixture knows"
                        + " their stream");
            }
            List<NewEvent> events = new ArrayList<>();
            for (Object event : history) {
                SerializedEvent serialized = rewind.serializer().serialize(event);
                events.add(NewEvent.of(serialized.type(), serialized.data()));
            }
            rewind.store().append(streamId, ExpectedVersion.noStream(), events);
            return history.size();
        }

        private String streamOf(AggregateRegistration<?, ?> aggregate, Object command) {
            return aggregate.streamIdOf(command);
        }
    }

    /** The expectations on what the command did. */
    public static final class Then {
        private final Object command;
        private final List<Object> produced;
        private final RuntimeException thrown;

        private Then(Object command, List<Object> produced, RuntimeException thrown) {
            this.command = command;
            this.produced = produced;
            this.thrown = thrown;
        }

        /** Expects exactly these new events, in order (compared with {@code equals}). */
        public Then thenEvents(Object... expected) {
            failIfThrown("events " + Arrays.toString(expected));
            if (!produced.equals(List.of(expected))) {
                throw new AssertionError("After " + command + "\n expected events: " + Arrays.toString(expected)
                        + "\n but got:         " + produced);
            }
            return this;
        }

        /** Expects the command to succeed without new events. */
        public Then thenNoEvents() {
            return thenEvents();
        }

        /** Expects the command to be refused with this exception type. */
        public Then thenThrows(Class<? extends Throwable> type) {
            if (thrown == null) {
                throw new AssertionError("After " + command + "\n expected " + type.getSimpleName()
                        + "\n but it succeeded with events " + produced);
            }
            if (!type.isInstance(thrown)) {
                AssertionError error = new AssertionError("After " + command + "\n expected "
                        + type.getSimpleName() + "\n but it threw " + thrown);
                error.initCause(thrown);
                throw error;
            }
            return this;
        }

        /** Expects the command to be refused with this exception type and a message containing the text. */
        public Then thenThrows(Class<? extends Throwable> type, String messagePart) {
            thenThrows(type);
            if (thrown.getMessage() == null || !thrown.getMessage().contains(messagePart)) {
                throw new AssertionError("After " + command + "\n expected a message containing: " + messagePart
                        + "\n but the message was:             " + thrown.getMessage());
            }
            return this;
        }

        private void failIfThrown(String expectation) {
            if (thrown != null) {
                AssertionError error = new AssertionError("After " + command + "\n expected " + expectation
                        + "\n but it threw " + thrown);
                error.initCause(thrown);
                throw error;
            }
        }
    }
}
