package dev.rewind.core.serialization;

/** A stored event has a type name that is neither registered nor upcast to one. */
public class UnknownEventTypeException extends EventSerializationException {

    private final String typeName;
    private final long position;

    /** Creates one naming the type and where the event is stored. */
    public UnknownEventTypeException(String typeName, long position, String streamId) {
        super("Unknown event type '" + typeName + "' at global position " + position + " (stream '" + streamId
                + "'). Register it with EventTypes, or add an Upcaster that turns it into a registered version.");
        this.typeName = typeName;
        this.position = position;
    }

    /** The unknown type name. */
    public String typeName() {
        return typeName;
    }

    /** The global position of the event. */
    public long position() {
        return position;
    }
}
