package dev.rewind.bus;

/** Why a command sent over ZeroMQ failed; sent as its ASCII name in the error reply's code frame. */
public enum CommandErrorCode {
    /** The handler or the aggregate refused the command (a business rule, a validation); nothing was written. */
    REJECTED,
    /** The command's stream kept changing concurrently beyond the retry limit; nothing was written, resend it. */
    CONFLICT,
    /** The receiving service has no handler for this command type. */
    NO_HANDLER,
    /** The request is malformed: unknown command type name, payload not readable as that type, bad frames. */
    INVALID_REQUEST,
    /** The operation name is not one the command server knows. */
    UNKNOWN_REQUEST,
    /** No reply within the timeout: the service may be down, or may still have handled the command. */
    TIMEOUT,
    /** The service failed for another reason or is overloaded; retry later. */
    UNAVAILABLE,
    /**
     * The service does not own the command's aggregate (its partition is held by another write side, or is moving);
     * nothing was written. A {@code RoutingCommandBus} asks the owner instead; others resend to the owner.
     */
    NOT_OWNER;
}
