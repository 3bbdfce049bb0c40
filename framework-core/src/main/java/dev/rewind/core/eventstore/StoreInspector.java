package dev.rewind.core.eventstore;

/**
 * What operators ask of a store: a summary and the list of its streams. Every backend of this project answers both;
 * a store that cannot list its streams says so by throwing {@link UnsupportedOperationException} from
 * {@link #listStreams}, and one that cannot count them answers {@link StoreSummary#UNKNOWN} for the count.
 *
 * <pre>{@code
 * StreamPage page = store.listStreams("account-", "", 100);
 * while (page.nextAfter().isPresent()) {
 *     page = store.listStreams("account-", page.nextAfter().get(), 100);
 * }
 * }</pre>
 */
public interface StoreInspector {

    /** The most streams one {@link #listStreams} call returns. */
    int MAX_STREAMS_PER_PAGE = 10_000;

    /**
     * The store's summary. The default knows only the head position: the backend is the class name, the stream count
     * and the size are {@link StoreSummary#UNKNOWN} and the durability {@code unknown}.
     */
    default StoreSummary summary() {
        long head = headPosition();
        return new StoreSummary(getClass().getSimpleName(), head, StoreSummary.UNKNOWN, head, StoreSummary.UNKNOWN,
                "unknown");
    }

    /**
     * Lists up to {@code limit} streams whose id starts with {@code prefix}, ordered by id, beginning after the id
     * {@code after}: pass {@code ""} for the first page, then {@link StreamPage#nextAfter()}. Each stream comes with
     * its version; streams appended to meanwhile may show a newer version than on an earlier page.
     *
     * @param prefix what the ids start with; {@code ""} lists every stream
     * @param after the id the page begins after; {@code ""} begins with the first
     * @param limit 1 to {@link #MAX_STREAMS_PER_PAGE}
     * @throws IllegalArgumentException if {@code limit} is out of range, or an argument is null
     * @throws UnsupportedOperationException if this store cannot list its streams (the default)
     */
    default StreamPage listStreams(String prefix, String after, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list its streams; ask the store it"
                + " reads from (the hub's, or the folder's) instead");
    }

    /** The position of the last committed event, or 0 if the store is empty. */
    long headPosition();

    /**
     * Checks the arguments of {@link #listStreams}, for its implementations.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static void checkListing(String prefix, String after, int limit) {
        if (prefix == null || after == null) {
            throw new IllegalArgumentException("prefix and after must not be null; pass \"\" for none");
        }
        if (limit < 1 || limit > MAX_STREAMS_PER_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_STREAMS_PER_PAGE + ", got " + limit
                    + "; read further pages with the last id as 'after'");
        }
    }
}
