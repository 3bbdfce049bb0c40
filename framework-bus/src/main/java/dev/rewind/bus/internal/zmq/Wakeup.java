package dev.rewind.bus.internal.zmq;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Wakes a socket-owning thread from its poll when other threads queued work for it: any thread may
 * {@link #signal()}; the owner polls {@link #socket()} next to its other sockets and calls {@link #drain()}.
 *
 * <p>The wake-up travels over an inproc socket pair rather than a Java pipe: JeroMQ's poller keeps reporting a Java
 * channel ready after it was read empty (its selection key keeps the old ready set), which made the owner spin.
 * Signalling threads share the sending socket under a lock, which gives ZeroMQ the memory barrier it asks for.
 */
public final class Wakeup implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final byte[] PING = new byte[0];

    private final ZContext context;
    private final ZMQ.Socket receiver;
    private final ZMQ.Socket sender;
    private final AtomicBoolean pending = new AtomicBoolean();
    private boolean closed;

    public Wakeup(ZContext context) {
        this.context = context;
        String endpoint = "inproc://rewind-wakeup-" + NAMES.incrementAndGet();
        receiver = context.createSocket(SocketType.PULL);
        receiver.setLinger(0);
        receiver.bind(endpoint);
        sender = context.createSocket(SocketType.PUSH);
        sender.setLinger(0);
        sender.connect(endpoint);
    }

    /** The socket to register with the owner's poller (for reading). */
    public ZMQ.Socket socket() {
        return receiver;
    }

    /** Makes the owner's next (or current) poll return; cheap when a wake-up is already pending. */
    public void signal() {
        if (pending.compareAndSet(false, true)) {
            synchronized (sender) {
                if (!closed) {
                    sender.send(PING, ZMQ.DONTWAIT);
                }
            }
        }
    }

    /**
     * Consumes pending wake-ups; the owner calls this before draining its queues. The flag is cleared only after the
     * messages are read: cleared first, a signal slipping in between would have its message read here and leave the
     * flag set with no message, and every later signal would be skipped until something else woke the owner.
     */
    public void drain() {
        while (receiver.recv(ZMQ.DONTWAIT) != null) {
            // each message is one wake-up; their count does not matter
        }
        pending.set(false);
    }

    /** Closes both sockets; called by the owner when it stops. */
    @Override
    public void close() {
        synchronized (sender) {
            closed = true;
            context.destroySocket(sender);
        }
        context.destroySocket(receiver);
    }
}
