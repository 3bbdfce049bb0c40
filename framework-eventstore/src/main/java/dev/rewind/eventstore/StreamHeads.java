package dev.rewind.eventstore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer's bounded cache of stream versions (least recently used out). Only the writer thread touches it, and
 * the writer clears it whenever another writer (another process on the same PostgreSQL database) has committed.
 */
final class StreamHeads {

    private final Map<String, Long> versions;

    StreamHeads(int capacity) {
        this.versions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached version of a stream, or null if not cached. */
    Long get(String streamId) {
        return versions.get(streamId);
    }

    void put(String streamId, long version) {
        versions.put(streamId, version);
    }

    void putAll(Map<String, Long> committed) {
        versions.putAll(committed);
    }

    void clear() {
        versions.clear();
    }
}
