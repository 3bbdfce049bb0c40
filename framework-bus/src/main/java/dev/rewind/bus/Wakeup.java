package dev.rewind.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a socket-owning thread from its poll when other threads queued work for it, without sharing a socket: any
 * thread may {@link #signal()}; the owner polls {@link #channel()} next to its sockets and calls {@link #drain()}.
 */
final class Wakeup implements AutoCloseable {

    private final Pipe pipe;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer sink = ByteBuffer.allocate(64);

    Wakeup() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the wake-up pipe", e);
        }
    }

    /** The channel to register with the owner's poller. */
    SelectableChannel channel() {
        return pipe.source();
    }

    /** Makes the owner's next (or current) poll return; cheap when a wake-up is already pending. */
    void signal() {
        if (pending.compareAndSet(false, true)) {
            synchronized (one) {
                one.clear();
                try {
                    pipe.sink().write(one);
                } catch (IOException e) {
                    // closed while shutting down: the owner is stopping anyway
                }
            }
        }
    }

    /** Consumes pending wake-ups; the owner calls this before draining its queues, so no signal is lost. */
    void drain() {
        pending.set(false);
        try {
            while (true) {
                sink.clear();
                if (pipe.source().read(sink) <= 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed while shutting down
        }
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
