package dev.rewind.bus;

/**
 * A command sent with {@link dev.rewind.bus.command.ZmqCommandGateway} failed; {@link #code()} says how, the message
 * says what to do.
 */
public class RemoteCommandException extends RuntimeException {

    private final CommandErrorCode code;
    private final String remoteType;

    /** Creates one with the failure's code, the remote exception's class name (or empty) and its message. */
    public RemoteCommandException(CommandErrorCode code, String remoteType, String message) {
        super(code + (remoteType.isEmpty() ? "" : " (" + remoteType + ")") + ": " + message);
        this.code = code;
        this.remoteType = remoteType;
    }

    /** How the command failed. */
    public CommandErrorCode code() {
        return code;
    }

    /** The class name of the exception the remote service threw, or empty. */
    public String remoteType() {
        return remoteType;
    }
}
