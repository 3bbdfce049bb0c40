package dev.rewind.bus.internal.zmq;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a closing step with a time limit. JeroMQ's {@code Ctx.terminate} waits for every connection of every socket
 * to finish, and a wedged I/O thread (jeromq#1005) made it wait for ever, so a hub never stopped on SIGTERM.
 */
public final class BoundedClose {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedClose.class);

    private BoundedClose() {
    }

    /**
     * Runs {@code step} on a daemon thread and waits at most {@code limit} for it; returns whether it finished.
     * A step still running is left behind (it cannot hold the JVM up) and logged; a step that fails is logged too.
     */
    public static boolean run(String what, Duration limit, Runnable step) {
        Thread thread = new Thread(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("Closing {} failed", what, e);
            }
        }, "rewind-close");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Closing {} did not finish within {} ms; going on without it", what, limit.toMillis());
            return false;
        }
        return true;
    }
}
