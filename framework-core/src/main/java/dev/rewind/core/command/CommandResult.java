package dev.rewind.core.command;

/**
 * What a handled command did to its stream.
 *
 * @param streamId the stream the command's events went to
 * @param version the stream's version after the command (-1 if it still does not exist)
 * @param position the global position of the last event appended, or 0 if the command appended none
 * @param eventCount how many events the command appended
 */
public record CommandResult(String streamId, long version, long position, int eventCount) {
}
