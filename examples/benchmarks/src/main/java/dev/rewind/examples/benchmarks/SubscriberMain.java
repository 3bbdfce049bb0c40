package dev.rewind.examples.benchmarks;

import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.Rewind;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber JVM of W4: in mode {@code latency} a projector run by the projection runner
 * ({@link LatencyProjector}) reports the latency from the append call to its handler; in mode {@code fanout} several
 * live subscriptions to the hub report the delivery rate of the slowest. Both check every event arrives once and in
 * order.
 */
public final class SubscriberMain {

    private SubscriberMain() {
    }

    /**
     * Arguments: mode, request endpoint, publish endpoint, first position, event count, subscriber count, and for
     * {@code latency} optionally the figures' name with {@code %s} for p50, p99 and max.
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long from = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        int subscribers = Integer.parseInt(args[5]);
        if (mode.equals("latency")) {
            latency(args[1], args[2], from, count, args.length > 6 ? args[6] : "rewind_w4_remote_e2e_latency_%s");
            return;
        }
        CountDownLatch done = new CountDownLatch(subscribers);
        long[][] receivedAt = new long[subscribers][count];
        String[] problems = new String[subscribers];
        List<Subscription> subscriptions = new ArrayList<>();
        try (RemoteEventStore store = RemoteEventStore.connect(RemoteStoreConfig.of(args[1], args[2]))) {
            for (int s = 0; s < subscribers; s++) {
                int subscriber = s;
                int[] seen = new int[1];
                subscriptions.add(store.subscribe(from, EventFilter.all(), events -> {
                    for (RecordedEvent event : events) {
                        long now = System.nanoTime();
                        int index = seen[0]++;
                        if (index >= count) {
                            continue;
                        }
                        if (event.globalPosition() != from + index && problems[subscriber] == null) {
                            problems[subscriber] = "expected position " + (from + index) + ", got "
                                    + event.globalPosition();
                        }
                        receivedAt[subscriber][index] = now;
                        if (index == count - 1) {
                            done.countDown();
                        }
                    }
                }));
            }
            System.out.println("READY");
            System.out.flush();
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Subscribers did not receive all " + count + " events");
            }
            subscriptions.forEach(Subscription::close);
        }
        for (String problem : problems) {
            if (problem != null) {
                throw new IllegalStateException("A subscriber saw a gap or a duplicate: " + problem);
            }
        }
        double slowest = Double.MAX_VALUE;
        for (long[] times : receivedAt) {
            slowest = Math.min(slowest, CommandScenarios.perSecond(count, times[count - 1] - times[0]));
        }
        System.out.println("FIGURE rewind_w4_fanout_4subscribers " + Math.round(slowest) + " events/s");
        System.out.flush();
        System.exit(0);
    }

    /** The latency projector from {@code from}; READY once it is running, then the figures. */
    private static void latency(String requests, String publish, long from, int count, String names)
            throws Exception {
        long[] micros;
        try (RemoteEventStore store = RemoteEventStore.connect(RemoteStoreConfig.of(requests, publish))) {
            LatencyProjector projector = new LatencyProjector(from, count);
            try (Rewind projection = projector.start(store)) {
                System.out.println("READY");
                System.out.flush();
                micros = projector.await(10);
            }
        }
        Arrays.sort(micros);
        System.out.println("FIGURE " + names.formatted("p50") + " " + Figures.percentile(micros, 50) + " us");
        System.out.println("FIGURE " + names.formatted("p99") + " " + Figures.percentile(micros, 99) + " us");
        System.out.println("FIGURE " + names.formatted("max") + " " + micros[count - 1] + " us");
        System.out.flush();
        System.exit(0);
    }
}
