package dev.rewind.core.projection;

import java.util.Optional;

/**
 * A projector's progress, for operators and for read-your-writes waits.
 *
 * @param name the projector's name
 * @param position the last global position it has processed
 * @param headPosition the store's head position when the status was taken
 * @param state where it stands
 * @param lastError what stopped it, with the failing event's position and type; null unless failed
 */
public record ProjectionStatus(String name, long position, long headPosition, ProjectionState state,
        String lastError) {

    /** How many events it is behind the head. */
    public long lag() {
        return Math.max(0, headPosition - position);
    }

    /** The error that stopped it, if any. */
    public Optional<String> error() {
        return Optional.ofNullable(lastError);
    }
}
