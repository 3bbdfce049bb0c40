package dev.rewind.core.command;

/** A command for an existing aggregate named one whose stream does not exist. Nothing was written. */
public class AggregateNotFoundException extends RuntimeException {

    private final String streamId;

    /** Creates one naming the command and the missing stream. */
    public AggregateNotFoundException(Class<?> commandType, String streamId) {
        super(commandType.getSimpleName() + " needs an existing aggregate, but stream '" + streamId
                + "' does not exist; create it first.");
        this.streamId = streamId;
    }

    /** The stream that does not exist. */
    public String streamId() {
        return streamId;
    }
}
