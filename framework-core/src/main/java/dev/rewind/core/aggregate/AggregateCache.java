package dev.rewind.core.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A bounded, least-recently-used cache of loaded aggregates. An aggregate is taken out while a command works on it
 * and put back only after a successful save, so two commands never share an instance and a failed command never
 * leaves its half-changed state behind.
 */
final class AggregateCache<A> {

    private final int capacity;
    private final Map<String, A> entries;

    AggregateCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, A> eldest) {
                return size() > AggregateCache.this.capacity;
            }
        };
    }

    synchronized A take(String streamId) {
        return entries.remove(streamId);
    }

    synchronized void put(String streamId, A aggregate) {
        entries.put(streamId, aggregate);
    }

    synchronized void evictIf(Predicate<String> streamIds) {
        entries.keySet().removeIf(streamIds);
    }
}
