package dev.rewind.core.eventstore;

/**
 * What an append expects of its stream: anything, no stream yet, an existing stream, or an exact version.
 *
 * <p>Versions count from 0 (the first event of a stream); a stream that does not exist has version {@value #NO_STREAM}.
 */
public final class ExpectedVersion {

    /** The current version of a stream that does not exist. */
    public static final long NO_STREAM = -1;

    private static final ExpectedVersion ANY = new ExpectedVersion(Kind.ANY, -2);
    private static final ExpectedVersion NO_STREAM_YET = new ExpectedVersion(Kind.NO_STREAM, NO_STREAM);
    private static final ExpectedVersion EXISTS = new ExpectedVersion(Kind.STREAM_EXISTS, -3);

    private enum Kind { ANY, NO_STREAM, STREAM_EXISTS, EXACT }

    private final Kind kind;
    private final long version;

    private ExpectedVersion(Kind kind, long version) {
        this.kind = kind;
        this.version = version;
    }

    /** No check: append whatever the stream's state. */
    public static ExpectedVersion any() {
        return ANY;
    }

    /** The stream must not exist yet. */
    public static ExpectedVersion noStream() {
        return NO_STREAM_YET;
    }

    /** The stream must already exist, at any version. */
    public static ExpectedVersion streamExists() {
        return EXISTS;
    }

    /**
     * The stream's last event must have exactly this version.
     *
     * @throws IllegalArgumentException if {@code version} is negative (use {@link #noStream()} for a new stream)
     */
    public static ExpectedVersion exactly(long version) {
        if (version == NO_STREAM) {
            return NO_STREAM_YET;
        }
        if (version < 0) {
            throw new IllegalArgumentException("An expected version must be 0 or more, or NO_STREAM (-1); got "
                    + version);
        }
        return new ExpectedVersion(Kind.EXACT, version);
    }

    /** Whether a stream whose last version is {@code current} ({@link #NO_STREAM} if absent) satisfies this. */
    public boolean isSatisfiedBy(long current) {
        return switch (kind) {
            case ANY -> true;
            case NO_STREAM -> current == NO_STREAM;
            case STREAM_EXISTS -> current != NO_STREAM;
            case EXACT -> current == version;
        };
    }

    /** The exact version expected, or {@link #NO_STREAM}; empty meaning for {@code any} and {@code streamExists}. */
    public long version() {
        return version;
    }

    /** Whether this is {@link #exactly(long)} or {@link #noStream()}, that is, names one version. */
    public boolean isExact() {
        return kind == Kind.EXACT || kind == Kind.NO_STREAM;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpectedVersion that && kind == that.kind && version == that.version;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + kind.hashCode();
    }

    /** A readable form used in error messages: {@code any}, {@code no stream}, {@code stream exists} or the number. */
    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case NO_STREAM -> "no stream";
            case STREAM_EXISTS -> "stream exists";
            case EXACT -> Long.toString(version);
        };
    }
}
