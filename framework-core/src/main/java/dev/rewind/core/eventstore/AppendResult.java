package dev.rewind.core.eventstore;

/**
 * What a committed append did: the stream's new version and the global positions its events got.
 *
 * @param streamId the stream appended to
 * @param firstVersion the stream version of the first appended event
 * @param lastVersion the stream version of the last appended event (the stream's version after the append)
 * @param firstPosition the global position of the first appended event
 * @param lastPosition the global position of the last appended event
 */
public record AppendResult(String streamId, long firstVersion, long lastVersion, long firstPosition,
        long lastPosition) {
}
