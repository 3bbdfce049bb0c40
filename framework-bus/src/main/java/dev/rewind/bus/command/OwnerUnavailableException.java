package dev.rewind.bus.command;

import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import java.time.Duration;
import java.util.UUID;

/**
 * A {@link RoutingCommandBus} found no write side owning the command's aggregate that took the command within its
 * deadline: the partition was moving (a write side joined, left or died) for longer than that, or its owner did not
 * answer. Retryable: resend the same {@link dev.rewind.core.command.CommandMessage} (same command id) later. With
 * code {@code NOT_OWNER} the command was not applied; with {@code TIMEOUT} an owner may have applied it before it
 * went silent, and resending the same command id applies it at most once.
 */
public final class OwnerUnavailableException extends RemoteCommandException {

    private final String streamId;
    private final int partition;

    /** Names what was tried, for how long, and the last answer. */
    public OwnerUnavailableException(CommandErrorCode code, String streamId, int partition, UUID commandId,
            int attempts, Duration waited, String lastAnswer) {
        super(code, "", "no owner of " + streamId + " (partition " + partition + " of group aggregates) took command "
                + commandId + " within " + waited.toMillis() + " ms (" + attempts + " attempts; last: " + lastAnswer
                + "). " + (code == CommandErrorCode.TIMEOUT ? "An owner may have applied it before going silent; "
                : "It was not applied; ") + "resend the same CommandMessage (same command id) once the write sides"
                + " are up: it is applied at most once.");
        this.streamId = streamId;
        this.partition = partition;
    }

    /** The stream of the command's aggregate. */
    public String streamId() {
        return streamId;
    }

    /** The stream's partition. */
    public int partition() {
        return partition;
    }
}
