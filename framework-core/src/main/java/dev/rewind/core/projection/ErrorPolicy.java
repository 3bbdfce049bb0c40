package dev.rewind.core.projection;

import java.time.Duration;
import java.util.Objects;

/**
 * What a projector does when handling fails: retry with exponential backoff a bounded number of times, then stop at
 * the failing event (state {@link ProjectionState#FAILED}) until an operator restarts or explicitly skips it. Events
 * are never skipped silently.
 *
 * @param retries how many times a failing batch is retried before the projector stops
 * @param firstBackoff the wait before the first retry; each next wait doubles
 */
public record ErrorPolicy(int retries, Duration firstBackoff) {

    /** Three retries, waiting 100, 200 and 400 ms. */
    public static final ErrorPolicy DEFAULT = new ErrorPolicy(3, Duration.ofMillis(100));

    /** Stop at the first failure. */
    public static final ErrorPolicy STOP_AT_ONCE = new ErrorPolicy(0, Duration.ZERO);

    /** Checks the arguments. */
    public ErrorPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        Objects.requireNonNull(firstBackoff, "firstBackoff must not be null");
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative, got " + firstBackoff);
        }
    }

    /** The wait before retry number {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(20, attempt - 1));
    }
}
