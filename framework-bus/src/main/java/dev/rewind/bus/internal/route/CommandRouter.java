package dev.rewind.bus.internal.route;

import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.bus.command.OwnerUnavailableException;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each command to the write side holding its aggregate's partition: here if this process holds it, else to
 * the holder the leases name. An answer that the holder is not the owner ({@code NOT_OWNER}), that it is unavailable,
 * or no answer at all ({@code TIMEOUT}) makes it look again, after a growing pause, and resend the same message
 * (same command id, so it is applied at most once), until the deadline; then {@link OwnerUnavailableException}.
 * After no answer the same holder is tried again only if it still holds the partition a while later (half the
 * deadline, at most 5 s, longer than a lease): a dead holder keeps its lease until it runs out, and the command goes
 * to the next holder instead of waiting out another timeout there. Any
 * other answer (done, rejected, conflict, no handler) is the command's.
 */
public final class CommandRouter {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);
    private static final long FIRST_PAUSE_NANOS = 5_000_000;
    private static final long MAX_PAUSE_NANOS = 200_000_000;
    /** How long a holder that did not answer is left alone while it still holds the lease: longer than a lease. */
    private static final long SILENT_PATIENCE_NANOS = 5_000_000_000L;

    private final Partitioning partitioning;
    private final HeldPartitions held;
    private final CommandBus local;
    private final Supplier<Map<Integer, PartitionLease>> holders;
    private final String self;
    private final Peers peers;
    private final Duration deadline;

    /**
     * A router.
     *
     * @param local runs the commands of the partitions in {@code held}
     * @param holders who holds each partition, as the leases last saw
     * @param self this process's member id in the lease group
     * @param deadline after which no further attempt starts
     */
    public CommandRouter(Partitioning partitioning, HeldPartitions held, CommandBus local,
            Supplier<Map<Integer, PartitionLease>> holders, String self, Peers peers, Duration deadline) {
        this.partitioning = partitioning;
        this.held = held;
        this.local = local;
        this.holders = holders;
        this.self = self;
        this.peers = peers;
        this.deadline = deadline;
    }

    /**
     * Handles the command where its aggregate is owned.
     *
     * @throws OwnerUnavailableException if no owner took it within the deadline
     * @throws RemoteCommandException with the owner's answer if another write side refused it
     */
    public CommandResult send(CommandMessage message) {
        Optional<String> stream = partitioning.streamOf(message.command());
        if (stream.isEmpty()) {
            return local.send(message);
        }
        int partition = partitioning.partitionOf(stream.get());
        long started = System.nanoTime();
        long pause = FIRST_PAUSE_NANOS;
        boolean unknownOutcome = false;
        // the holder that last gave no reply, and when: a dead one keeps its lease until it runs out
        PartitionLease silent = null;
        long silentAt = 0;
        long patience = Math.min(SILENT_PATIENCE_NANOS, deadline.toNanos() / 2);
        String last = "nothing yet";
        int attempts = 0;
        while (true) {
            attempts++;
            if (held.enter(partition)) {
                try {
                    return local.send(message);
                } finally {
                    held.exit(partition);
                }
            }
            PartitionLease holder = holders.get().get(partition);
            if (holder == null) {
                last = "no write side holds it (it is moving)";
            } else if (holder.member().equals(self)) {
                last = "this write side is taking it over or giving it up";
            } else if (holder.address().isEmpty()) {
                last = "its holder " + holder.member() + " joined without a command address";
            } else if (holder.equals(silent) && System.nanoTime() - silentAt < patience) {
                // resent there, it would most likely wait out another timeout: wait for the partition to move, and
                // keep its last answer as the one to report
                attempts--;
            } else {
                CommandBus peer = peers.at(holder.address());
                try {
                    return peer.send(message);
                } catch (RemoteCommandException e) {
                    if (e.code() != CommandErrorCode.NOT_OWNER && e.code() != CommandErrorCode.TIMEOUT
                            && e.code() != CommandErrorCode.UNAVAILABLE) {
                        throw e;
                    }
                    if (e.code() == CommandErrorCode.TIMEOUT) {
                        unknownOutcome = true;
                        silent = holder;
                        silentAt = System.nanoTime();
                        peers.drop(holder.address(), peer);
                        LOG.info("Command {} ({}) got no reply from {}, the holder of partition {}; resending it with"
                                + " the same id to the partition's next holder (or to this one if it still holds"
                                + " the partition in a while)", message.commandId(),
                                message.command().getClass().getSimpleName(), holder.address(), partition);
                    }
                    last = holder.address() + " answered " + e.getMessage();
                }
            }
            long waited = System.nanoTime() - started;
            if (waited >= deadline.toNanos()) {
                throw new OwnerUnavailableException(unknownOutcome ? CommandErrorCode.TIMEOUT
                        : CommandErrorCode.NOT_OWNER, stream.get(), partition, message.commandId(), attempts,
                        Duration.ofNanos(waited), last);
            }
            LockSupport.parkNanos(Math.min(pause, deadline.toNanos() - waited));
            pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
        }
    }
}
