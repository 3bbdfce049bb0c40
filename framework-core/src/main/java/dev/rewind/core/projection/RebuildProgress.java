package dev.rewind.core.projection;

import java.time.Duration;

/**
 * How far a rebuild has come.
 *
 * @param projector the replacement projector's name
 * @param eventsDone the global position the replacement has reached
 * @param eventsTotal the store's head position now
 * @param eventsPerSecond the replay rate since the rebuild started
 * @param timeLeft the estimated time to catch up at that rate
 * @param switched whether the replacement has taken over
 */
public record RebuildProgress(String projector, long eventsDone, long eventsTotal, double eventsPerSecond,
        Duration timeLeft, boolean switched) {
}
