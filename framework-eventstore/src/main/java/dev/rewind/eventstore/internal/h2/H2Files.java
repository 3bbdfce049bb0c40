package dev.rewind.eventstore.internal.h2;

import dev.rewind.core.eventstore.EventStoreException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The H2 folders open in this JVM. An embedded store's single writer hands out positions from memory, so two stores
 * on one file would collide; H2's file lock keeps other processes out, this keeps a second store in the same process
 * out.
 */
public final class H2Files {

    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private H2Files() {
    }

    /**
     * Claims a folder until the returned action releases it.
     *
     * @throws EventStoreException if a store on that folder is open in this JVM already
     */
    public static Runnable claim(Path folder) {
        if (!OPEN.add(folder)) {
            throw new EventStoreException("An embedded event store on " + folder + " is open in this process already;"
                    + " share that store instead of opening the folder twice, or close it first.");
        }
        return () -> OPEN.remove(folder);
    }
}
