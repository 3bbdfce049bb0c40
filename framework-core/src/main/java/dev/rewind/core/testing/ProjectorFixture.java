package dev.rewind.core.testing;

import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.projection.Projector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Given/then tests for projectors: events go to the projector as the runtime would give them (one batch per
 * {@code given}, at positions 1, 2, 3...), then the read model is checked. A JDBC projector works on whatever
 * {@code DataSource} it was made with, for example a private in-memory database from
 * {@code EventStores.testDatabase()}; its tables are created before the first event. JUnit-free: a failed
 * expectation throws {@link AssertionError}.
 *
 * <pre>{@code
 * ProjectorFixture.of(new BalancesProjector())
 *         .given(new AccountOpened(ADA, "Ada"), new MoneyDeposited(ADA, 100, 100))
 *         .thenState(p -> p.balanceOf(ADA), 100L);
 * }</pre>
 *
 * @param <P> the projector type
 */
public final class ProjectorFixture<P extends Projector> {

    private final P projector;
    private final CheckpointStore checkpoints = CheckpointStore.inMemory();
    private long position;

    private ProjectorFixture(P projector) {
        this.projector = Objects.requireNonNull(projector, "projector must not be null");
        position = projector.checkpoint(checkpoints);
    }

    /** A fixture around a fresh projector. */
    public static <P extends Projector> ProjectorFixture<P> of(P projector) {
        return new ProjectorFixture<>(projector);
    }

    /** Feeds these events to the projector, in order. */
    public ProjectorFixture<P> given(Object... events) {
        List<EventEnvelope<?>> batch = new ArrayList<>();
        for (Object event : events) {
            position++;
            batch.add(new EventEnvelope<>(UUID.randomUUID(), "fixture-1", position - 1, position,
                    event.getClass().getSimpleName(), Instant.EPOCH, Metadata.empty(), event));
        }
        projector.project(batch, position, checkpoints);
        return this;
    }

    /** Expects a value read from the projector (its read model) to equal {@code expected}. */
    public <T> ProjectorFixture<P> thenState(Function<? super P, T> query, T expected) {
        T actual = query.apply(projector);
        if (!Objects.equals(actual, expected)) {
            throw new AssertionError("Projector '" + projector.name() + "' after " + position + " events\n expected: "
                    + expected + "\n but was:  " + actual);
        }
        return this;
    }

    /** Runs any check on the projector. */
    public ProjectorFixture<P> then(Consumer<? super P> check) {
        check.accept(projector);
        return this;
    }
}
