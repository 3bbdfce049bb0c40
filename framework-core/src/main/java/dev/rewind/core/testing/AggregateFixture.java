package dev.rewind.core.testing;

import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.testing.AggregateScenario.Outcome;
import dev.rewind.core.testing.AggregateScenario.Step;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Given/when/then tests for aggregates, through the real command path (registration, serialization, upcasting,
 * repository) on an in-memory store. Works with any test framework: a failed expectation throws
 * {@link AssertionError}.
 *
 * <p>The history can be events (stored in the stream of the first command's aggregate), raw stored JSON under an
 * old schema version (read back through the context's upcasters), or commands (run through their handlers). Then
 * one command is sent, and more can follow with {@link Then#andWhen}, each on the state the previous ones left.
 *
 * <pre>{@code
 * AggregateFixture.of(new AccountsModule())
 *         .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
 *         .when(new Withdraw(ADA, 500))
 *         .thenThrows(InsufficientFunds.class, "balance 100 is less than 500");
 * }</pre>
 *
 * <p>A fixture holds no state between scenarios: each {@code given...} or {@code when} starts a fresh store.
 */
public final class AggregateFixture {

    private final BoundedContext context;

    private AggregateFixture(BoundedContext context) {
        Objects.requireNonNull(context, "context must not be null");
        // Only decisions are tested: projectors and process managers are left out (a process manager instance can
        // be connected to one runtime only, and each scenario builds its own).
        this.context = context.withProjectors(projector -> false);
    }

    /** A fixture for the aggregates of a bounded context. */
    public static AggregateFixture of(BoundedContext context) {
        return new AggregateFixture(context);
    }

    /** A fixture for the aggregates of a bounded context module. */
    public static AggregateFixture of(BoundedContextModule module) {
        return new AggregateFixture(module.describe());
    }

    /** Starts a scenario whose history is these events, stored in the stream of the first command's aggregate. */
    public Given given(Object... events) {
        return new Given(context, List.of()).given(events);
    }

    /** Starts a scenario whose history is one raw stored event; see {@link Given#givenStored(String, int, String)}. */
    public Given givenStored(String baseName, int schemaVersion, String json) {
        return new Given(context, List.of()).givenStored(baseName, schemaVersion, json);
    }

    /** Starts a scenario whose history is one raw stored event; see {@link Given#givenStored(String, String)}. */
    public Given givenStored(String typeName, String json) {
        return new Given(context, List.of()).givenStored(typeName, json);
    }

    /** Starts a scenario whose history is what these commands do, sent in order to their handlers. */
    public Given givenCommands(Object... commands) {
        return new Given(context, List.of()).givenCommands(commands);
    }

    /** Starts a scenario with no history and sends the command. */
    public Then when(Object command) {
        return new Given(context, List.of()).when(command);
    }

    /**
     * The history of a scenario, applied in the order it was given when {@link #when} is called. Immutable: every
     * {@code given...} returns a new one, and each {@code when} runs on a fresh store.
     */
    public static final class Given {
        private final BoundedContext context;
        private final List<Step> steps;

        private Given(BoundedContext context, List<Step> steps) {
            this.context = context;
            this.steps = steps;
        }

        /** Adds events to the history, stored (serialized as usual) in the stream of the first command's aggregate. */
        public Given given(Object... events) {
            List<Object> history = List.of(events);
            return with(scenario -> scenario.storeEvents(history));
        }

        /**
         * Adds one raw stored event to the history, under an older (or the current) schema version of a type:
         * {@code givenStored("PriceSet", 1, json)} stores it as type {@code PriceSet.v1}, and the aggregate reads it
         * through the context's upcasters, as it would read an old event in production.
         *
         * @param baseName the type name without its {@code .v<N>} suffix, for example {@code PriceSet}
         * @param schemaVersion the schema version it was written in, 1 or more
         * @param json the stored payload
         * @throws IllegalArgumentException if the name carries a version suffix or the version is below 1
         */
        public Given givenStored(String baseName, int schemaVersion, String json) {
            Objects.requireNonNull(baseName, "baseName must not be null");
            if (!EventTypes.baseName(baseName).equals(baseName)) {
                throw new IllegalArgumentException("Give '" + baseName + "' without its .vN suffix; the version goes"
                        + " in schemaVersion (or use givenStored(typeName, json) with the exact stored name).");
            }
            if (schemaVersion < 1) {
                throw new IllegalArgumentException("Schema versions start at 1, got " + schemaVersion + " for '"
                        + baseName + "'.");
            }
            return givenStored(EventTypes.nameAt(baseName, schemaVersion), json);
        }

        /**
         * Adds one raw stored event to the history under its exact stored type name (for example
         * {@code PriceSet.v1}, or a name stored without a version suffix), read back through the real serializer.
         */
        public Given givenStored(String typeName, String json) {
            Objects.requireNonNull(typeName, "typeName must not be null");
            byte[] data = Objects.requireNonNull(json, "json must not be null").getBytes(StandardCharsets.UTF_8);
            return with(scenario -> scenario.storeRaw(typeName, data));
        }

        /**
         * Adds commands to the history: each is sent to its handler, on the state the history before it left.
         * A refused command fails the test.
         */
        public Given givenCommands(Object... commands) {
            List<Object> history = List.of(commands);
            return with(scenario -> history.forEach(scenario::sendGiven));
        }

        /** Applies the history on a fresh store, then sends the command to its handler and records what it did. */
        public Then when(Object command) {
            Objects.requireNonNull(command, "command must not be null");
            AggregateScenario scenario = new AggregateScenario(context, command);
            steps.forEach(step -> step.applyTo(scenario));
            return new Then(scenario, List.of(scenario.send(command)), false);
        }

        private Given with(Step step) {
            List<Step> more = new ArrayList<>(steps);
            more.add(step);
            return new Given(context, List.copyOf(more));
        }
    }

    /**
     * The expectations on what the commands sent since {@code when} did. {@code then...} methods check the last
     * command, except {@link #thenAllEvents}, which checks all of them.
     */
    public static final class Then {
        private final AggregateScenario scenario;
        private final List<Outcome> outcomes;
        private boolean refusalExpected;

        private Then(AggregateScenario scenario, List<Outcome> outcomes, boolean refusalExpected) {
            this.scenario = scenario;
            this.outcomes = outcomes;
            this.refusalExpected = refusalExpected;
        }

        /**
         * Sends one more command, on the state the commands before it left.
         *
         * @throws AssertionError if the previous command was refused and that was not expected with
         *     {@link #thenThrows}, so a refusal never goes unnoticed
         */
        public Then andWhen(Object command) {
            Objects.requireNonNull(command, "command must not be null");
            Outcome last = last();
            if (last.thrown() != null && !refusalExpected) {
                throw new AssertionError("Before sending " + command + ", " + last.command() + " was refused with "
                        + last.thrown() + "\n expect that with thenThrows(...) before andWhen(...)", last.thrown());
            }
            List<Outcome> more = new ArrayList<>(outcomes);
            more.add(scenario.send(command));
            return new Then(scenario, List.copyOf(more), false);
        }

        /** Expects exactly these new events from the last command, in order (compared with {@code equals}). */
        public Then thenEvents(Object... expected) {
            Outcome last = last();
            failIfThrown(last, "events " + List.of(expected));
            if (!last.events().equals(List.of(expected))) {
                throw new AssertionError("After " + last.command() + "\n expected events: " + List.of(expected)
                        + "\n but got:         " + last.events(), null);
            }
            return this;
        }

        /** Expects the last command to succeed without new events. */
        public Then thenNoEvents() {
            return thenEvents();
        }

        /**
         * Expects exactly these new events from all the commands sent since {@code when}, in order; a refused
         * command (expected with {@link #thenThrows} before the next {@link #andWhen}) contributes none.
         */
        public Then thenAllEvents(Object... expected) {
            failIfThrown(last(), "events " + List.of(expected));
            List<Object> all = new ArrayList<>();
            List<Object> commands = new ArrayList<>();
            for (Outcome outcome : outcomes) {
                all.addAll(outcome.events());
                commands.add(outcome.command());
            }
            if (!all.equals(List.of(expected))) {
                throw new AssertionError("After the commands " + commands + "\n expected events: " + List.of(expected)
                        + "\n but got:         " + all, null);
            }
            return this;
        }

        /** Expects the last command to be refused with this exception type. */
        public Then thenThrows(Class<? extends Throwable> type) {
            Outcome last = last();
            if (last.thrown() == null) {
                throw new AssertionError("After " + last.command() + "\n expected " + type.getSimpleName()
                        + "\n but it succeeded with events " + last.events(), null);
            }
            if (!type.isInstance(last.thrown())) {
                throw new AssertionError("After " + last.command() + "\n expected " + type.getSimpleName()
                        + "\n but it threw " + last.thrown(), last.thrown());
            }
            refusalExpected = true;
            return this;
        }

        /** Expects the last command to be refused with this exception type and a message containing the text. */
        public Then thenThrows(Class<? extends Throwable> type, String messagePart) {
            thenThrows(type);
            String message = last().thrown().getMessage();
            if (message == null || !message.contains(messagePart)) {
                throw new AssertionError("After " + last().command() + "\n expected a message containing: "
                        + messagePart + "\n but the message was:             " + message, last().thrown());
            }
            return this;
        }

        private Outcome last() {
            return outcomes.get(outcomes.size() - 1);
        }

        private static void failIfThrown(Outcome outcome, String expectation) {
            if (outcome.thrown() != null) {
                throw new AssertionError("After " + outcome.command() + "\n expected " + expectation
                        + "\n but it threw " + outcome.thrown(), outcome.thrown());
            }
        }
    }
}
