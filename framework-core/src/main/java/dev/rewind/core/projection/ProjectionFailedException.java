package dev.rewind.core.projection;

/** A projector failed on one event, after its retries; it stopped there. */
public class ProjectionFailedException extends RuntimeException {

    private final long position;
    private final String eventType;

    /** Creates one naming the projector, the failing event and the cause. */
    public ProjectionFailedException(String projector, long position, String eventType, Throwable cause) {
        super("Projector '" + projector + "' stopped at position " + position + " (" + eventType + "): " + cause,
                cause);
        this.position = position;
        this.eventType = eventType;
    }

    /** The global position of the failing event. */
    public long position() {
        return position;
    }

    /** The type name of the failing event. */
    public String eventType() {
        return eventType;
    }
}
