package dev.rewind.bus.internal.route;

import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The command bus a routing write side serves to the others: it runs a command here only while this process holds
 * the partition of the command's aggregate, else throws {@link NotOwnerException} (the sender asks the holder); it
 * never forwards, so a command is never passed on in a circle.
 */
public final class OwnerCheckingBus implements CommandBus {

    private final CommandBus local;
    private final Partitioning partitioning;
    private final HeldPartitions held;

    /** Runs commands on {@code local} for the partitions in {@code held}. */
    public OwnerCheckingBus(CommandBus local, Partitioning partitioning, HeldPartitions held) {
        this.local = local;
        this.partitioning = partitioning;
        this.held = held;
    }

    @Override
    public CommandResult send(Object command) {
        return send(CommandMessage.of(command));
    }

    @Override
    public CommandResult send(CommandMessage message) {
        Optional<String> stream = partitioning.streamOf(message.command());
        if (stream.isEmpty()) {
            return local.send(message);
        }
        int partition = partitioning.partitionOf(stream.get());
        if (!held.enter(partition)) {
            throw new NotOwnerException(stream.get(), partition);
        }
        try {
            return local.send(message);
        } finally {
            held.exit(partition);
        }
    }

    @Override
    public CompletableFuture<CommandResult> sendAsync(Object command) {
        return CompletableFuture.supplyAsync(() -> send(command));
    }
}
