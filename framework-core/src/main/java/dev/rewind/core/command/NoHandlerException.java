package dev.rewind.core.command;

/** A command was sent that no bounded context registered a handler for. */
public class NoHandlerException extends RuntimeException {

    /** Creates one naming the command type. */
    public NoHandlerException(Class<?> commandType) {
        super("No handler is registered for command " + commandType.getName()
                + "; register one in a bounded context (onNew/onExisting/onAny or handle).");
    }
}
