package dev.rewind.bus.internal.client;

import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.security.Curve;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireReader;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventListener;
import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.core.eventstore.GlobalLogReader;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A live subscription to a hub: its own thread owns a SUB socket. It delivers stored events first, then published
 * ones; whenever a published position (or a heartbeat's head) shows that something was missed — a dropped message,
 * a reconnect, a hub restart — it reads the gap from the store before delivering more. So every matching event is
 * delivered once, in order, and a slow subscriber never slows the hub: it only falls back to reading. A hub silent for
 * the fail-over time (it sends a heartbeat every 200 ms) is left for the next one, from the last position delivered.
 */
public final class RemoteSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSubscription.class);
    private static final int BATCH = 1_000;
    private static final int POLL_MILLIS = 100;
    /** How many catch-up pages are in flight at once. */
    private static final int PIPELINE = 4;

    private final GlobalLogReader reader;
    private final ZContext context;
    private final RemoteStoreConfig config;
    private final HubFailover failover;
    private final EventFilter filter;
    private final EventListener listener;
    private final Consumer<RemoteSubscription> onEnd;
    private final Thread thread;
    /** Every event at or below this position has been delivered or was not matching. */
    private long scanned;
    private volatile long position;
    private volatile boolean running = true;
    private ExecutorService readers;

    public RemoteSubscription(GlobalLogReader reader, ZContext context, RemoteStoreConfig config, HubFailover failover,
            long fromPosition, EventFilter filter, EventListener listener, Consumer<RemoteSubscription> onEnd) {
        this.reader = reader;
        this.context = context;
        this.config = config;
        this.failover = failover;
        this.filter = filter;
        this.listener = listener;
        this.onEnd = onEnd;
        this.scanned = fromPosition - 1;
        this.position = fromPosition - 1;
        this.thread = new Thread(this::run, "rewind-remote-subscription-from-" + fromPosition);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        ZMQ.Socket sub = null;
        try {
            int hub = failover.current();
            sub = connect(hub);
            long lastHeard = System.nanoTime();
            fillTo(Long.MAX_VALUE);
            while (running) {
                List<byte[]> message = Frames.receive(sub, 0);
                boolean silent = false;
                if (message != null && message.size() == 2) {
                    lastHeard = System.nanoTime();
                    failover.answered(hub);
                    handleArrived(sub, message);
                } else if (System.nanoTime() - lastHeard > config.failoverAfter().toNanos()) {
                    // not even a heartbeat for the fail-over time: the hub is down or cut off
                    silent = true;
                    failover.failed(hub, "no events or heartbeats for " + config.failoverAfter().toMillis() + " ms");
                }
                if (silent || hub != failover.current()) {
                    // this subscription or the client's requests moved on: follow, and read what was missed
                    context.destroySocket(sub);
                    sub = null;
                    hub = failover.current();
                    sub = connect(hub);
                    lastHeard = System.nanoTime();
                    fillTo(Long.MAX_VALUE);
                }
            }
        } catch (ListenerFailure failure) {
            running = false;
            listener.onError(failure.getCause());
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("Subscription stopped at position {}: {}", position, e.toString());
                running = false;
                listener.onError(e);
            }
        } finally {
            running = false;
            if (readers != null) {
                readers.shutdown();
            }
            if (sub != null) {
                context.destroySocket(sub);
            }
            onEnd.accept(this);
        }
    }

    /** A SUB socket to the publish endpoint of the hub at {@code index}, subscribed to this filter's topics. */
    private ZMQ.Socket connect(int index) {
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        sub.setRcvHWM(100_000);
        sub.setReceiveTimeOut(POLL_MILLIS);
        if (config.curve() != null) {
            Curve.connect(sub, config.curve());
        }
        if (filter.categories().isEmpty()) {
            sub.subscribe(new byte[0]);
        } else {
            sub.subscribe(Protocol.HEARTBEAT_TOPIC);
            filter.categories().forEach(category -> sub.subscribe(Protocol.topic(category)));
        }
        sub.connect(failover.hub(index).events());
        return sub;
    }

    /**
     * Handles a message and whatever else has already arrived (up to {@link #BATCH} messages), delivering the live
     * events among them as one batch; a gap is filled from the store in between, in order.
     */
    private void handleArrived(ZMQ.Socket sub, List<byte[]> first) {
        List<RecordedEvent> batch = new ArrayList<>();
        handle(first, batch);
        for (int i = 1; i < BATCH && running; i++) {
            List<byte[]> message = Frames.receive(sub, ZMQ.DONTWAIT);
            if (message == null) {
                break;
            }
            if (message.size() == 2) {
                handle(message, batch);
            }
        }
        flush(batch);
    }

    private void handle(List<byte[]> message, List<RecordedEvent> batch) {
        if (Arrays.equals(message.get(0), Protocol.HEARTBEAT_TOPIC)) {
            long head = WireReader.longFrame(message.get(1), "heartbeat head");
            if (head > scanned) {
                flush(batch);
                fillTo(head);
            }
            return;
        }
        RecordedEvent event = WireCodec.decodeRecorded(message.get(1));
        long at = event.globalPosition();
        if (at <= scanned) {
            return;
        }
        if (at > scanned + 1) {
            flush(batch);
            if (!fillTo(at - 1)) {
                return;
            }
        }
        if (filter.matches(event)) {
            batch.add(event);
        }
        scanned = at;
    }

    private void flush(List<RecordedEvent> batch) {
        if (!batch.isEmpty()) {
            deliver(List.copyOf(batch));
            batch.clear();
        }
    }

    /**
     * Reads and delivers the matching events after {@link #scanned} up to {@code upTo} (or the head, for
     * {@code Long.MAX_VALUE}). Returns false if the hub could not be reached; the next heartbeat tries again.
     */
    private boolean fillTo(long upTo) {
        try {
            long target = upTo == Long.MAX_VALUE ? reader.headPosition() : upTo;
            while (running && scanned < target) {
                if (filter.isAll() && target - scanned > BATCH) {
                    readAhead(target);
                    continue;
                }
                List<RecordedEvent> batch = reader.readAll(scanned + 1, BATCH, filter);
                List<RecordedEvent> wanted = new ArrayList<>(batch.size());
                for (RecordedEvent event : batch) {
                    if (event.globalPosition() <= target) {
                        wanted.add(event);
                    }
                }
                if (!wanted.isEmpty()) {
                    deliver(wanted);
                }
                scanned = batch.size() < BATCH || wanted.size() < batch.size() ? target
                        : batch.get(batch.size() - 1).globalPosition();
            }
            return scanned >= target;
        } catch (EventStoreException | IllegalArgumentException e) {
            LOG.debug("Gap fill after position {} failed, retrying on the next heartbeat: {}", scanned, e.toString());
            return false;
        }
    }

    /**
     * Catches up on the whole log with {@link #PIPELINE} pages in flight: positions are dense, so each page's start is
     * known before the one before it arrives. Pages are delivered in order; one that does not start where the one
     * before it ended (the log's end) ends the round, and the single-page loop goes on from there.
     */
    private void readAhead(long target) {
        if (readers == null) {
            readers = Executors.newFixedThreadPool(PIPELINE, runnable -> {
                Thread reading = new Thread(runnable, thread.getName() + "-reader");
                reading.setDaemon(true);
                return reading;
            });
        }
        List<CompletableFuture<List<RecordedEvent>>> pages = new ArrayList<>(PIPELINE);
        for (int page = 0; page < PIPELINE && scanned + (long) page * BATCH < target; page++) {
            long from = scanned + 1 + (long) page * BATCH;
            pages.add(CompletableFuture.supplyAsync(() -> reader.readAll(from, BATCH, EventFilter.all()), readers));
        }
        for (CompletableFuture<List<RecordedEvent>> page : pages) {
            List<RecordedEvent> events;
            try {
                events = page.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
            List<RecordedEvent> wanted = new ArrayList<>(events.size());
            for (RecordedEvent event : events) {
                if (event.globalPosition() == scanned + wanted.size() + 1 && event.globalPosition() <= target) {
                    wanted.add(event);
                }
            }
            if (wanted.isEmpty()) {
                return;
            }
            deliver(wanted);
            scanned = wanted.get(wanted.size() - 1).globalPosition();
            if (wanted.size() < BATCH) {
                return;
            }
        }
    }

    private void deliver(List<RecordedEvent> events) {
        try {
            listener.onEvents(events);
        } catch (Exception e) {
            throw new ListenerFailure(e);
        }
        position = events.get(events.size() - 1).globalPosition();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Carries a listener's exception out of the delivery loop. */
    private static final class ListenerFailure extends RuntimeException {

        ListenerFailure(Exception cause) {
            super(cause);
        }
    }
}
