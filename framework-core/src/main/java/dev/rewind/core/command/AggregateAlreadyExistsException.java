package dev.rewind.core.command;

/** A command that creates an aggregate named one that exists already. Nothing was written. */
public class AggregateAlreadyExistsException extends RuntimeException {

    private final String streamId;

    /** Creates one naming the command and the existing stream. */
    public AggregateAlreadyExistsException(Class<?> commandType, String streamId, long version) {
        super(commandType.getSimpleName() + " creates a new aggregate, but stream '" + streamId
                + "' exists already (version " + version + "); use another id.");
        this.streamId = streamId;
    }

    /** The stream that exists. */
    public String streamId() {
        return streamId;
    }
}
