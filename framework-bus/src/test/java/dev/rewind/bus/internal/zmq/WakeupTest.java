package dev.rewind.bus.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Work queued by other threads always wakes the owner's poll: no wake-up is lost between drain and poll. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class WakeupTest {

    private static final int ITEMS = 20_000;
    /** Far longer than any wake-up takes: a poll that runs into it means a wake-up was lost. */
    private static final int POLL_MILLIS = 5_000;

    @Test
    void every_item_queued_by_other_threads_is_picked_up_without_waiting_for_the_poll_timeout() throws Exception {
        try (ZContext context = new ZContext()) {
            Wakeup wakeup = new Wakeup(context);
            ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] producers = new Thread[2];
            for (int p = 0; p < producers.length; p++) {
                int first = p;
                producers[p] = new Thread(() -> {
                    for (int i = first; i < ITEMS; i += producers.length) {
                        queue.add(i);
                        wakeup.signal();
                        if (i % 64 == 0) {
                            Thread.yield(); // let the owner catch up now and then, so it also sleeps in its poll
                        }
                    }
                });
            }
            ZMQ.Poller poller = context.createPoller(1);
            poller.register(wakeup.socket(), ZMQ.Poller.POLLIN);
            for (Thread producer : producers) {
                producer.setUncaughtExceptionHandler((thread, error) -> failure.set(error));
                producer.start();
            }
            int taken = 0;
            long slowestPollNanos = 0;
            while (taken < ITEMS) {
                long start = System.nanoTime();
                poller.poll(POLL_MILLIS);
                slowestPollNanos = Math.max(slowestPollNanos, System.nanoTime() - start);
                wakeup.drain();
                while (queue.poll() != null) {
                    taken++;
                }
                assertThat(slowestPollNanos / 1_000_000).as("the longest poll with work queued, ms")
                        .isLessThan(POLL_MILLIS);
            }
            for (Thread producer : producers) {
                producer.join();
            }
            poller.close();
            wakeup.close();
            assertThat(failure.get()).isNull();
            assertThat(taken).isEqualTo(ITEMS);
        }
    }
}
