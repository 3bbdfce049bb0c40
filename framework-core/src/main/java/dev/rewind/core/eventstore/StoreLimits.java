package dev.rewind.core.eventstore;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The limits a store enforces on every append, so every backend refuses the same bad input with the same message.
 *
 * @param maxEventBytes the largest payload, in bytes (default 1 MiB)
 * @param maxEventsPerAppend the most events in one append (default 10,000)
 * @param maxStreamIdLength the longest stream id, in characters (default 200)
 * @param maxTypeLength the longest event type name, in characters (default 200)
 */
public record StoreLimits(int maxEventBytes, int maxEventsPerAppend, int maxStreamIdLength, int maxTypeLength) {

    /** The defaults: 1 MiB per event, 10,000 events per append, 200-character stream ids and type names. */
    public static final StoreLimits DEFAULTS = new StoreLimits(1 << 20, 10_000, 200, 200);

    /** Checks that every limit is positive. */
    public StoreLimits {
        if (maxEventBytes < 1 || maxEventsPerAppend < 1 || maxStreamIdLength < 1 || maxTypeLength < 1) {
            throw new IllegalArgumentException("Every store limit must be at least 1, got " + maxEventBytes + ", "
                    + maxEventsPerAppend + ", " + maxStreamIdLength + ", " + maxTypeLength);
        }
    }

    /**
     * Checks an append before anything is written.
     *
     * @throws InvalidAppendException naming the first thing that is wrong
     */
    public void check(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        checkStreamId(streamId);
        if (expected == null) {
            throw new InvalidAppendException("The expected version for stream '" + streamId
                    + "' must not be null; use ExpectedVersion.any() to skip the check.");
        }
        if (events == null || events.isEmpty()) {
            throw new InvalidAppendException("An append to stream '" + streamId + "' needs at least one event.");
        }
        if (events.size() > maxEventsPerAppend) {
            throw new InvalidAppendException("An append to stream '" + streamId + "' has " + events.size()
                    + " events; the limit is " + maxEventsPerAppend + ". Split it into several appends.");
        }
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            if (event == null) {
                throw new InvalidAppendException("Event " + i + " of the append to stream '" + streamId
                        + "' is null.");
            }
            if (!ids.add(event.eventId())) {
                throw new InvalidAppendException("Event id " + event.eventId() + " appears twice in one append to"
                        + " stream '" + streamId + "'; every event needs its own id.");
            }
            checkType(streamId, event.type());
            if (event.data().length > maxEventBytes) {
                throw new InvalidAppendException("Event " + i + " (" + event.type() + ") of the append to stream '"
                        + streamId + "' is " + event.data().length + " bytes; the limit is " + maxEventBytes
                        + " bytes. Store large content elsewhere and reference it from the event.");
            }
        }
    }

    /**
     * Checks a stream id: not empty, at most {@link #maxStreamIdLength} characters, no control characters.
     *
     * @throws InvalidAppendException saying what is wrong with it
     */
    public void checkStreamId(String streamId) {
        if (streamId == null || streamId.isEmpty()) {
            throw new InvalidAppendException("A stream id must not be " + (streamId == null ? "null" : "empty")
                    + "; use something like 'account-42'.");
        }
        if (streamId.length() > maxStreamIdLength) {
            throw new InvalidAppendException("Stream id '" + streamId.substring(0, 40) + "...' is "
                    + streamId.length() + " characters long; the limit is " + maxStreamIdLength + ".");
        }
        if (hasControlCharacter(streamId)) {
            throw new InvalidAppendException("Stream id " + Objects.toString(streamId).replaceAll("\\p{Cntrl}", "?")
                    + " contains a control character (shown as ?); use printable characters only.");
        }
    }

    private void checkType(String streamId, String type) {
        if (type.isEmpty() || type.length() > maxTypeLength || hasControlCharacter(type)) {
            throw new InvalidAppendException("Event type '" + type.replaceAll("\\p{Cntrl}", "?")
                    + "' in the append to stream '" + streamId + "' is not valid: it must be 1 to " + maxTypeLength
                    + " printable characters.");
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
