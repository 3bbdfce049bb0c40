package dev.rewind.examples.benchmarks;

import dev.rewind.core.Rewind;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.spi.CheckpointStore;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * W4's latency projector, in the subscriber JVM: a projector run by the framework's projection runner over the
 * remote store, from position {@code from}. For each of {@code count} deposits it records, when its handler applies
 * the event, the time since the append call that the event's payload carries ({@code t0}), and it checks the events
 * come once each, in order.
 */
final class LatencyProjector extends Projector {

    /** The W4 deposit as the appending JVM writes it: a {@code MoneyDeposited} payload plus the append's time. */
    record TimedDeposit(String accountId, long amountCents, long newBalance, long t0) {
    }

    private final long from;
    private final long[] micros;
    private final CountDownLatch done = new CountDownLatch(1);
    private int applied;
    private String problem;

    LatencyProjector(long from, int count) {
        super("w4-latency");
        this.from = from;
        this.micros = new long[count];
        on(TimedDeposit.class, (deposit, envelope) -> {
            long now = System.nanoTime();
            if (applied >= micros.length) {
                return;
            }
            if (envelope.globalPosition() != from + applied && problem == null) {
                problem = "expected position " + (from + applied) + ", got " + envelope.globalPosition();
            }
            micros[applied++] = (now - deposit.t0()) / 1_000;
            if (applied == micros.length) {
                done.countDown();
            }
        });
    }

    /** The runner must use the checkpoint {@link #start} sets, so the projector begins at {@code from}. */
    @Override
    protected boolean readModelIsDurable() {
        return true;
    }

    /** Starts the projection runner over {@code store} with this projector, beginning at {@code from}. */
    Rewind start(EventStore store) {
        CheckpointStore checkpoints = CheckpointStore.inMemory();
        checkpoints.save(name(), from - 1);
        BoundedContext context = BoundedContext.define("w4", c -> {
            c.events(EventTypes.builder().add("MoneyDeposited", TimedDeposit.class).build());
            c.projector(this);
        });
        return Rewind.builder().store(store).checkpoints(checkpoints).closeStoreOnClose(false).context(context)
                .build().start();
    }

    /** Waits until every deposit was applied; returns the latencies in µs, in order of position. */
    long[] await(long minutes) throws InterruptedException {
        if (!done.await(minutes, TimeUnit.MINUTES)) {
            throw new IllegalStateException("The projector applied " + applied + " of " + micros.length
                    + " events in " + minutes + " minutes");
        }
        if (problem != null) {
            throw new IllegalStateException("The projector saw a gap or a duplicate: " + problem);
        }
        return micros.clone();
    }
}
