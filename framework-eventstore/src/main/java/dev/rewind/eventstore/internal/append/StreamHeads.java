package dev.rewind.eventstore.internal.append;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer's bounded cache of stream versions (least recently used out). Only the writer thread touches it, and
 * the writer clears it whenever another writer (another process on the same PostgreSQL database) has committed.
 */
public final class StreamHeads {

    private final Map<String, Long> versions;

    public StreamHeads(int capacity) {
        this.versions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached version of a stream, or null if not cached. */
    public Long get(String streamId) {
        return versions.get(streamId);
    }

    public void put(String streamId, long version) {
        versions.put(streamId, version);
    }

    public void putAll(Map<String, Long> committed) {
        versions.putAll(committed);
    }

    public void clear() {
        versions.clear();
    }
}
