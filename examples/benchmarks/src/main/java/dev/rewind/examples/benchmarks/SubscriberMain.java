package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber JVM of W4: live subscriptions to the hub that check every event arrives once and in order, and
 * report latency ({@code latency}) or the delivery rate of the slowest of several subscribers ({@code fanout}).
 */
public final class SubscriberMain {

    private SubscriberMain() {
    }

    /** Arguments: mode, request endpoint, publish endpoint, first position, event count, subscriber count. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long from = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        int subscribers = Integer.parseInt(args[5]);
        CountDownLatch done = new CountDownLatch(subscribers);
        long[][] receivedAt = new long[subscribers][count];
        long[] latencies = new long[count];
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
                        if (subscriber == 0) {
                            latencies[index] = (now - t0Of(event)) / 1_000;
                        }
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
        if (mode.equals("latency")) {
            Arrays.sort(latencies);
            System.out.println("FIGURE rewind_w4_remote_e2e_latency_p50 " + Figures.percentile(latencies, 50) + " us");
            System.out.println("FIGURE rewind_w4_remote_e2e_latency_p99 " + Figures.percentile(latencies, 99) + " us");
            System.out.println("FIGURE rewind_w4_remote_e2e_latency_max " + latencies[count - 1] + " us");
        } else {
            double slowest = Double.MAX_VALUE;
            for (long[] times : receivedAt) {
                slowest = Math.min(slowest, CommandScenarios.perSecond(count, times[count - 1] - times[0]));
            }
            System.out.println("FIGURE rewind_w4_fanout_4subscribers " + Math.round(slowest) + " events/s");
        }
        System.out.flush();
        System.exit(0);
    }

    private static long t0Of(RecordedEvent event) {
        String json = new String(event.data(), UTF_8);
        int at = json.indexOf("\"t0\":");
        int end = json.indexOf('}', at);
        return Long.parseLong(json.substring(at + 5, end));
    }
}
