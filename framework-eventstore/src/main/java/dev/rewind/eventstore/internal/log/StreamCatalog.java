package dev.rewind.eventstore.internal.log;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StreamInfo;
import dev.rewind.core.eventstore.StreamPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedded store's streams ordered by id, for operators listing them: the {@link StreamIndex} is a hash table,
 * which knows each stream's last position but not the ids in order. Built in memory on the first listing, from the
 * index's heads (one row read per stream, not the whole log), then kept up by reading only the events appended since
 * the last listing. Costs nothing until someone lists; then about the size of the ids in memory.
 */
final class StreamCatalog {

    private static final int CATCH_UP_PAGE = 4_096;

    private final EventLog log;
    private final StreamIndex index;
    private final TreeMap<String, Long> versions = new TreeMap<>();
    /** The log's events up to here are in {@link #versions}; -1 before the first listing. */
    private long through = -1;

    StreamCatalog(EventLog log, StreamIndex index) {
        this.log = log;
        this.index = index;
    }

    /** Up to {@code limit} streams starting with {@code prefix}, after {@code after}, as {@code listStreams} says. */
    synchronized StreamPage list(String prefix, String after, int limit) throws IOException {
        catchUp();
        boolean afterCursor = after.compareTo(prefix) >= 0;
        Map<String, Long> tail = versions.tailMap(afterCursor ? after : prefix, !afterCursor);
        List<StreamInfo> found = new ArrayList<>();
        for (Map.Entry<String, Long> stream : tail.entrySet()) {
            // ids sharing a prefix are neighbours in String order: the first one without it ends the search
            if (!stream.getKey().startsWith(prefix) || found.size() > limit) {
                break;
            }
            found.add(new StreamInfo(stream.getKey(), stream.getValue()));
        }
        return StreamPage.of(found, limit);
    }

    private void catchUp() throws IOException {
        if (through < 0) {
            // every stream with an event up to here is among the heads; later heads are welcome, merged by version
            long indexed = index.indexedPosition();
            for (long head : index.headPositions()) {
                StreamInfo stream = log.streamAt(head);
                if (stream == null) {
                    throw index.disagrees("it holds a stream's last event at position " + head + ", which the log"
                            + " does not have");
                }
                versions.merge(stream.streamId(), stream.version(), Math::max);
            }
            through = indexed;
        }
        long head = log.committedPosition();
        while (through < head) {
            List<RecordedEvent> events = log.read(through + 1, CATCH_UP_PAGE, EventFilter.all());
            if (events.isEmpty()) {
                return;
            }
            for (RecordedEvent event : events) {
                versions.merge(event.streamId(), event.streamVersion(), Math::max);
            }
            through = events.get(events.size() - 1).globalPosition();
        }
    }
}
