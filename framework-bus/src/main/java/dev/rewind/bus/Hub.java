package dev.rewind.bus;

import dev.rewind.bus.internal.hub.HubIoLoop;
import dev.rewind.bus.internal.hub.RequestHandler;
import dev.rewind.bus.internal.rewind.RewindEndpoint;
import dev.rewind.bus.internal.security.ZapHandler;
import dev.rewind.bus.internal.zmq.BoundedClose;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.spi.CommitSignal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.ZContext;

/**
 * The event store served over ZeroMQ: native requests on a ROUTER socket, every committed event on a PUB socket, and
 * optionally Rewind 0.3's REP/PUB pair, all on one store. The protocol is in {@code docs/protocol.md}.
 *
 * <pre>{@code
 * try (EventStore store = new InMemoryEventStore(); Hub hub = Hub.start(store, HubConfig.defaults())) {
 *     System.out.println("serving on " + hub.endpoint());
 *     ...
 * }
 * }</pre>
 *
 * <p>The hub does not own the store: close the hub first, then the store.
 */
public final class Hub implements AutoCloseable {

    /** How long closing the ZeroMQ context may take before the hub stops without it (every socket has linger 0). */
    private static final Duration CONTEXT_CLOSE_LIMIT = Duration.ofSeconds(5);

    private final ZContext context;
    private final ThreadPoolExecutor workers;
    private final HubIoLoop io;
    private final Thread ioThread;
    private final ZapHandler zap;
    private final RewindEndpoint rewind;
    private final CommitSignal.Registration feed;
    private final String endpoint;
    private final String publishEndpoint;
    private final String rewindStreamEndpoint;

    private Hub(EventStore store, HubConfig config) throws InterruptedException {
        context = new ZContext();
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), runnable -> {
                    Thread thread = new Thread(runnable, "rewind-hub-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ZapHandler zapHandler = null;
        RewindEndpoint rewindEndpoint = null;
        CommitSignal.Registration subscription = null;
        Thread thread = null;
        HubIoLoop loop = null;
        try {
            if (config.curve() != null) {
                zapHandler = new ZapHandler(context, config.curve());
                zapHandler.start();
            }
            long head = store.headPosition();
            List<RecordedEvent> last = head == 0 ? List.of() : store.readAll(head, 1);
            loop = new HubIoLoop(context, config, new RequestHandler(store, config.maxRequestBytes()), workers, store,
                    head, last.isEmpty() ? null : last.get(0).eventId().toString());
            thread = new Thread(loop, "rewind-hub-io");
            thread.start();
            List<String> endpoints = loop.started().get(10, TimeUnit.SECONDS);
            if (config.rewindQuery() != null) {
                rewindEndpoint = new RewindEndpoint(context, store, config);
                rewindEndpoint.start();
            }
            HubIoLoop publisher = loop;
            subscription = store.onCommit(publisher::commitNoticed).orElseGet(() -> {
                // a store that cannot call back: a subscription only wakes the I/O loop, which reads for itself
                Subscription waker = store.subscribe(head + 1, EventFilter.all(), events -> publisher.commitNoticed());
                return waker::close;
            });
            publisher.commitNoticed(); // whatever was committed since the head was read above
            endpoint = endpoints.get(0);
            publishEndpoint = endpoints.get(1);
            rewindStreamEndpoint = endpoints.get(2);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (subscription != null) {
                subscription.close();
            }
            shutdown(loop, thread, rewindEndpoint, zapHandler);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("The hub did not start: " + cause, cause);
        }
        io = loop;
        ioThread = thread;
        zap = zapHandler;
        rewind = rewindEndpoint;
        feed = subscription;
    }

    /**
     * Binds every configured endpoint and starts serving; returns once the hub answers requests.
     *
     * @throws IllegalStateException if an endpoint cannot be bound (nothing stays bound then)
     */
    public static Hub start(EventStore store, HubConfig config) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(config, "config must not be null");
        try {
            return new Hub(store, config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the hub", e);
        }
    }

    /** The bound request endpoint, with the actual port. */
    public String endpoint() {
        return endpoint;
    }

    /** The bound publish endpoint, with the actual port. */
    public String publishEndpoint() {
        return publishEndpoint;
    }

    /** The bound Rewind 0.3 query endpoint, or null if not enabled. */
    public String rewindQueryEndpoint() {
        return rewind == null ? null : rewind.endpoint();
    }

    /** The bound Rewind 0.3 stream endpoint, or null if not enabled. */
    public String rewindStreamEndpoint() {
        return rewindStreamEndpoint;
    }

    /**
     * Stops serving: stops publishing, closes every socket, then the ZeroMQ context. Returns within about ten seconds
     * whatever the peers do (a context that will not close is logged and left behind). Does not close the store.
     */
    @Override
    public void close() {
        feed.close();
        shutdown(io, ioThread, rewind, zap);
    }

    private void shutdown(HubIoLoop loop, Thread thread, RewindEndpoint rewindEndpoint, ZapHandler zapHandler) {
        if (rewindEndpoint != null) {
            rewindEndpoint.close();
        }
        if (loop != null) {
            loop.stop();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        if (zapHandler != null) {
            zapHandler.close();
        }
        BoundedClose.run("the hub's ZeroMQ context", CONTEXT_CLOSE_LIMIT, context::close);
    }
}
