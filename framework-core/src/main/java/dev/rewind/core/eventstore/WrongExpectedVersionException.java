package dev.rewind.core.eventstore;

/** An append found its stream at another version than it expected; nothing was written. */
public class WrongExpectedVersionException extends EventStoreException {

    private final String streamId;
    private final ExpectedVersion expected;
    private final long actual;

    /** Creates one naming the stream, the expectation and the version found ({@link ExpectedVersion#NO_STREAM}). */
    public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actual) {
        super("Stream '" + streamId + "' was expected at version " + expected + " but is at "
                + (actual == ExpectedVersion.NO_STREAM ? "no stream (it does not exist)" : "version " + actual)
                + "; nothing was written. Reload the stream and decide again.");
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    /** The stream appended to. */
    public String streamId() {
        return streamId;
    }

    /** What the append expected. */
    public ExpectedVersion expected() {
        return expected;
    }

    /** The version the stream was at, or {@link ExpectedVersion#NO_STREAM}. */
    public long actual() {
        return actual;
    }
}
