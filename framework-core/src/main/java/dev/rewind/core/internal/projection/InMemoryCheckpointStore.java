package dev.rewind.core.internal.projection;

import dev.rewind.core.spi.CheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CheckpointStore} in memory, for projectors whose read model is in memory too. */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    @Override
    public long load(String projectorName) {
        return positions.getOrDefault(projectorName, 0L);
    }

    @Override
    public void save(String projectorName, long position) {
        positions.put(projectorName, position);
    }
}
