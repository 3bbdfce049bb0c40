package dev.rewind.core.internal.command;

/** What a command expects of its target aggregate. */
public enum ExpectedState {
    /** The command creates the aggregate; it must not exist yet. */
    NEW,
    /** The command changes an aggregate that must exist. */
    EXISTING,
    /** The command works on the aggregate whether it exists or not (an empty one if not). */
    ANY
}
