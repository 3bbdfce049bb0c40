package dev.rewind.core.process;

import dev.rewind.core.command.CommandResult;
import dev.rewind.core.event.EventEnvelope;
import java.time.Duration;

/**
 * What a process manager can do in reaction to an event: send commands and schedule or cancel deadlines. Every
 * effect is derived from the triggering event's id, so a redelivered event repeats nothing.
 */
public interface Reactions {

    /**
     * Sends a command, correlated with the triggering event, and returns once it is handled.
     *
     * @throws RuntimeException whatever the command's handler threw to reject it; catch it to react (for example,
     *     refund when a credit is refused)
     */
    CommandResult send(Object command);

    /**
     * Schedules a deadline: after {@code delay}, the {@code event} (of a registered event type) is appended to the
     * stream {@code deadline-<key>}, where this process manager (and anyone) sees it. Deadlines survive restarts: one
     * that fell due while the application was down fires when it starts. Scheduling a key again does nothing.
     */
    void schedule(String key, Duration delay, Object event);

    /** Cancels a deadline that has not fired yet; cancelling a fired or unknown deadline does nothing. */
    void cancel(String key);

    /** The event being reacted to. */
    EventEnvelope<?> trigger();
}
