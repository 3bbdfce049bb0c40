package dev.rewind.bus.internal.route;

import dev.rewind.core.spi.PartitionLeases;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a command belongs: the stream of its target aggregate (from the runtime's registrations) and that stream's
 * partition. A command whose target cannot be named (no aggregate handles it, or its id is null) has none and runs
 * where it lands, so its handler (or the lack of one) answers as in one process.
 */
public final class Partitioning {

    private final Function<Object, Optional<String>> targets;
    private final int partitions;

    /** Streams from {@code targets} (for example {@code rewind::targetStream}), among {@code partitions}. */
    public Partitioning(Function<Object, Optional<String>> targets, int partitions) {
        this.targets = targets;
        this.partitions = partitions;
    }

    /** The target stream of a command, if it has one. */
    public Optional<String> streamOf(Object command) {
        try {
            return targets.apply(command);
        } catch (RuntimeException noTarget) {
            return Optional.empty();
        }
    }

    /** The partition of a stream. */
    public int partitionOf(String streamId) {
        return PartitionLeases.partitionOf(streamId, partitions);
    }

    /** How many partitions there are. */
    public int partitions() {
        return partitions;
    }
}
