package dev.rewind.core.eventstore;

/** A running subscription; closing it stops deliveries (a batch being delivered finishes first). */
public interface Subscription extends AutoCloseable {

    /** The position of the last event delivered, or {@code fromPosition - 1} before the first. */
    long position();

    /** Whether it still delivers (false once closed or stopped by an error). */
    boolean isRunning();

    /** Stops deliveries and waits briefly for the delivering thread to finish. */
    @Override
    void close();
}
