package dev.rewind.core.eventstore;

import java.util.Objects;

/**
 * What a store holds, for operators: which backend, how far its log goes, how many streams and events, how much disk
 * it takes and what an acknowledged append survives.
 *
 * @param backend the kind of store: {@code in-memory}, {@code embedded}, {@code postgresql}, or the class name of a
 *     store that does not say
 * @param headPosition the position of the last committed event, 0 when the store is empty
 * @param streamCount how many streams hold at least one event, or -1 if the store cannot count them
 * @param eventCount how many events the log holds (positions are dense from 1, so the head position)
 * @param bytesOnDisk the bytes the store takes on disk (files of the store's folder, or the database's tables and
 *     indexes), or -1 if unknown
 * @param durability what an acknowledged append survives: {@code disk} (power loss), {@code process} (the process
 *     being killed), {@code none} (in memory), a backend's own setting ({@code synchronous_commit=on}), or
 *     {@code unknown}
 */
public record StoreSummary(String backend, long headPosition, long streamCount, long eventCount, long bytesOnDisk,
        String durability) {

    /** The value of {@link #streamCount} and {@link #bytesOnDisk} when the store cannot tell. */
    public static final long UNKNOWN = -1;

    /** Checks that nothing is missing. */
    public StoreSummary {
        Objects.requireNonNull(backend, "backend must not be null");
        Objects.requireNonNull(durability, "durability must not be null");
    }
}
