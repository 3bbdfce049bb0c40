package dev.rewind.core.projection;

/** Where a projector stands. */
public enum ProjectionState {
    /** Created but not started. */
    STOPPED,
    /** Reading stored events behind the head. */
    CATCHING_UP,
    /** At the head, following new events as they commit. */
    LIVE,
    /** Running, but holding none of its partitions: other processes sharing the database process them. */
    STANDBY,
    /** Stopped at a failing event; see the status' error. */
    FAILED
}
