package dev.rewind.core.command;

import dev.rewind.core.eventstore.WrongExpectedVersionException;

/**
 * A command's stream kept changing under it: every attempt, each from a fresh load, met a concurrent append.
 * Nothing of this command was written; sending it again is safe.
 */
public class CommandConflictException extends RuntimeException {

    /** Creates one naming the command, the attempts made and the last conflict. */
    public CommandConflictException(Class<?> commandType, int attempts, WrongExpectedVersionException last) {
        super(commandType.getSimpleName() + " gave up after " + attempts + " attempts, each meeting a concurrent"
                + " change: " + last.getMessage(), last);
    }

    /** The last conflict met. */
    public WrongExpectedVersionException conflict() {
        return (WrongExpectedVersionException) getCause();
    }
}
