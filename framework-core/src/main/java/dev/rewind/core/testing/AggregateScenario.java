package dev.rewind.core.testing;

import dev.rewind.core.Rewind;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.serialization.SerializedEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario of an {@link AggregateFixture}: a runtime over a fresh in-memory store, never started (so it runs no
 * threads and needs no closing), into which the history is written and through which the commands are sent.
 */
final class AggregateScenario {

    /** One part of a scenario's history. */
    interface Step {
        void applyTo(AggregateScenario scenario);
    }

    /** What one command did: the events it stored, in order, or what it threw. */
    record Outcome(Object command, List<Object> events, RuntimeException thrown) {
    }

    private final Rewind rewind;
    private final String historyStream;

    /** A scenario whose given events belong to the aggregate that {@code firstCommand} targets (if any). */
    AggregateScenario(BoundedContext context, Object firstCommand) {
        this.rewind = Rewind.builder().store(new InMemoryEventStore()).context(context).build();
        this.historyStream = context.aggregateFor(firstCommand.getClass())
                .map(aggregate -> aggregate.streamIdOf(firstCommand))
                .orElse(null);
    }

    void storeEvents(List<Object> events) {
        List<NewEvent> stored = new ArrayList<>();
        for (Object event : events) {
            SerializedEvent serialized = rewind.serializer().serialize(event);
            stored.add(NewEvent.of(serialized.type(), serialized.data()));
        }
        append(stored);
    }

    void storeRaw(String typeName, byte[] data) {
        append(List.of(NewEvent.of(typeName, data)));
    }

    void sendGiven(Object command) {
        Outcome outcome = send(command);
        if (outcome.thrown() != null) {
            throw new AssertionError("Given command " + command + " was refused: " + outcome.thrown(),
                    outcome.thrown());
        }
    }

    /** Sends a command and collects every event it stored, whatever the stream; a refusal is recorded, not thrown. */
    Outcome send(Object command) {
        long before = rewind.store().headPosition();
        try {
            rewind.commands().send(command);
        } catch (RuntimeException refused) {
            return new Outcome(command, List.of(), refused);
        }
        List<Object> produced = new ArrayList<>();
        for (RecordedEvent event : rewind.store().readAll(before + 1, Integer.MAX_VALUE)) {
            produced.add(rewind.serializer().deserialize(event));
        }
        return new Outcome(command, List.copyOf(produced), null);
    }

    private void append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (historyStream == null) {
            throw new AssertionError("Given events need a first command handled by an aggregate, so the fixture"
                    + " knows their stream; to give the history of a plain handler's commands, use givenCommands.");
        }
        rewind.store().append(historyStream, ExpectedVersion.any(), events);
    }
}
