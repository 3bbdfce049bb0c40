package dev.rewind.bus.internal.wire;

/** The error codes of the native protocol; each is sent as its ASCII name in the error reply's code frame. */
public enum ErrorCode {
    /** The stream was at another version than the append expected; details name the stream and both versions. */
    CONFLICT,
    /** Some event ids of the append are stored already, but not as this same append. */
    DUPLICATE_EVENT_ID,
    /** The request is malformed or breaks a store limit; nothing was changed. */
    INVALID_REQUEST,
    /** The request is larger than the hub accepts in one message. */
    TOO_LARGE,
    /** The operation name is not one the hub knows. */
    UNKNOWN_REQUEST,
    /** The hub cannot serve now (store failure, overload, shutting down); retry later. */
    UNAVAILABLE;

    /** The code for an ASCII name, or {@link #UNAVAILABLE} for a name this client does not know. */
    public static ErrorCode parse(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return UNAVAILABLE;
    }
}
