package dev.rewind.core.eventstore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@link StoreInspector#listStreams}: streams ordered by id, and whether more follow.
 *
 * @param streams the streams of this page, ordered by id
 * @param hasMore whether more streams match after the last one of this page
 */
public record StreamPage(List<StreamInfo> streams, boolean hasMore) {

    /** Copies the list. */
    public StreamPage {
        streams = List.copyOf(Objects.requireNonNull(streams, "streams must not be null"));
    }

    /**
     * The {@code after} argument that reads the next page: the last stream id of this page; empty when no more follow.
     */
    public Optional<String> nextAfter() {
        return hasMore && !streams.isEmpty() ? Optional.of(streams.get(streams.size() - 1).streamId())
                : Optional.empty();
    }

    /**
     * Takes up to {@code limit} streams from {@code sorted} (already filtered, ordered by id, holding at most
     * {@code limit + 1}), for backends that read one more than asked to tell whether more follow.
     */
    public static StreamPage of(List<StreamInfo> sorted, int limit) {
        return sorted.size() > limit ? new StreamPage(sorted.subList(0, limit), true) : new StreamPage(sorted, false);
    }
}
