package dev.rewind.bus.internal.security;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.internal.wire.Frames;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Answers ZeroMQ's authentication requests (ZAP, RFC 27) on {@code inproc://zeromq.zap.01}: a CURVE client is let in
 * only if its public key is allowed. Runs on its own thread, which alone owns the REP socket.
 */
public final class ZapHandler implements AutoCloseable {

    static final String ENDPOINT = "inproc://zeromq.zap.01";

    private final ZContext context;
    private final CurveServerKeys keys;
    private final Thread thread;
    private final CountDownLatch bound = new CountDownLatch(1);
    private volatile boolean running = true;

    public ZapHandler(ZContext context, CurveServerKeys keys) {
        this.context = context;
        this.keys = keys;
        this.thread = new Thread(this::run, "rewind-hub-zap");
        this.thread.setDaemon(true);
    }

    /** Starts the thread and waits until the handler is bound, so no handshake can happen before it listens. */
    public void start() throws InterruptedException {
        thread.start();
        if (!bound.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The CURVE authentication handler did not start within 5 s");
        }
    }

    private void run() {
        ZMQ.Socket socket = context.createSocket(SocketType.REP);
        try {
            socket.setLinger(0);
            socket.setReceiveTimeOut(100);
            socket.bind(ENDPOINT);
            bound.countDown();
            while (running) {
                List<byte[]> request = Frames.receive(socket, 0);
                if (request != null) {
                    Frames.send(socket, answer(request));
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                throw e;
            }
        } finally {
            bound.countDown();
            socket.close();
        }
    }

    /** Request: version, request id, domain, address, identity, mechanism, credentials. */
    private List<byte[]> answer(List<byte[]> request) {
        byte[] requestId = request.size() > 1 ? request.get(1) : new byte[0];
        boolean allowed = request.size() >= 7 && "CURVE".equals(new String(request.get(5), US_ASCII))
                && Curve.allows(keys, request.get(6));
        return List.of("1.0".getBytes(US_ASCII), requestId, (allowed ? "200" : "400").getBytes(US_ASCII),
                (allowed ? "OK" : "client key not allowed").getBytes(US_ASCII), new byte[0], new byte[0]);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
