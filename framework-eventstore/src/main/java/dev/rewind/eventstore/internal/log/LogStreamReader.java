package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream reads of the embedded store: the positions of the stream's versions come from {@link StreamPositions}, or by
 * following the {@link StreamIndex}'s links back from the stream's last event (or from a {@link StreamAnchors}
 * shortcut), and each event is then copied out of the {@link EventLog}, which checks that it is that version of that
 * stream.
 */
final class LogStreamReader {

    private final EventLog log;
    private final StreamIndex streams;
    private final StreamPositions known;
    private final StreamAnchors anchors = new StreamAnchors();

    LogStreamReader(EventLog log, StreamIndex streams, StreamPositions known) {
        this.log = log;
        this.streams = streams;
        this.known = known;
    }

    /**
     * Up to {@code maxCount} events of the stream from {@code fromVersion} on. A read of a whole stream (from version
     * 0) not held in {@link StreamPositions} yet puts it there.
     *
     * @throws IOException if the log cannot be read, or the stream index does not match it
     */
    List<RecordedEvent> read(String streamId, long fromVersion, int maxCount) throws IOException {
        StreamPositions.Entry entry = known.get(streamId);
        if (entry == null && fromVersion == 0) {
            entry = load(streamId);
        }
        byte[] streamIdBytes = streamId.getBytes(UTF_8);
        if (entry != null) {
            int count = entry.count();
            int end = (int) Math.min(count, fromVersion + maxCount);
            List<RecordedEvent> events = new ArrayList<>(Math.max(0, end - (int) Math.min(fromVersion, end)));
            for (int version = (int) Math.min(fromVersion, end); version < end; version++) {
                events.add(event(entry.position(version), streamId, streamIdBytes, version));
            }
            return events;
        }
        StreamIndex.Head head = streams.head(streamId);
        if (head == null || head.version() < fromVersion) {
            return List.of();
        }
        long last = Math.min(head.version(), fromVersion + maxCount - 1);
        long[] positions = positions(streamId, head, fromVersion, last);
        List<RecordedEvent> events = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            events.add(event(positions[i], streamId, streamIdBytes, fromVersion + i));
        }
        return events;
    }

    /** The event at {@code position}, which the stream index says is that version of that stream. */
    private RecordedEvent event(long position, String streamId, byte[] streamIdBytes, long version)
            throws IOException {
        RecordedEvent event = log.readEvent(position, streamId, streamIdBytes, version);
        if (event == null) {
            throw streams.disagrees("the log does not hold version " + version + " of stream '" + streamId
                    + "' at position " + position + ", where the index has it");
        }
        return event;
    }

    /** Reads a whole stream's positions into {@link StreamPositions}; null if empty or too long to keep. */
    private StreamPositions.Entry load(String streamId) throws IOException {
        StreamPositions.Entry entry;
        synchronized (known.lockOf(streamId)) {
            entry = known.get(streamId);
            if (entry != null) {
                return entry;
            }
            StreamIndex.Head head = streams.head(streamId);
            if (head == null || head.version() >= known.longestKept()) {
                return null;
            }
            long[] positions = positions(streamId, head, 0, head.version());
            entry = known.put(streamId, positions, positions.length);
        }
        known.shrink(streamId);
        return entry;
    }

    /**
     * The positions of versions {@code from} to {@code to} of the stream, found by following the links back from
     * its last event, or from a {@link StreamAnchors} shortcut closer to {@code to}; learns shortcuts on the way.
     */
    private long[] positions(String streamId, StreamIndex.Head head, long from, long to) throws IOException {
        long[] positions = new long[(int) (to - from + 1)];
        long at = head.position();
        long version = head.version();
        boolean longStream = version >= StreamAnchors.STEP;
        StreamAnchors.Anchor shortcut = version - to >= StreamAnchors.STEP ? anchors.atOrAbove(streamId, to) : null;
        if (shortcut != null && shortcut.version() < version) {
            at = shortcut.position();
            version = shortcut.version();
        }
        for (; version >= from; version--) {
            if (at == 0) {
                throw streams.disagrees("it has no link to version " + version + " of stream '" + streamId + "'");
            }
            if (longStream) {
                anchors.learned(streamId, version, at);
            }
            if (version <= to) {
                positions[(int) (version - from)] = at;
            }
            at = version > from ? streams.previous(at) : 0;
        }
        return positions;
    }
}
