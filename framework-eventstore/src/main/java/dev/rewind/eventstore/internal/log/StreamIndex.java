package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.mapped.EntryChecks;
import dev.rewind.eventstore.internal.mapped.MappedHashTable;
import dev.rewind.eventstore.internal.mapped.PositionFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's index of streams, derived from the {@link EventLog}: where each stream's last event is, in
 * {@code rewind-streams.idx} (a {@link MappedHashTable} from a 128-bit hash of the stream id to the position), and
 * for each position where the previous event of the same stream is, in {@code rewind-streams.prev} (a
 * {@link PositionFile}; 0 for a stream's first event). A stream's version is its last event's; its events are found
 * by following the links back from there. H2 holds no events at all, so an append is one write to the log and a few
 * writes to memory maps.
 *
 * <p>Every answer is confirmed by the log: the event at a stream's head must be that stream's, or the lookup fails
 * (two stream ids with one 128-bit hash, or a damaged file), and {@link LogStreamReader} checks the stream and
 * version of every event it follows a link to.
 *
 * <p>The writer updates the links first, then the heads, then the header's position, through the operating system's
 * cache: after {@code kill -9} the files hold everything up to that position and perhaps part of one more group,
 * which opening redoes from the log, checking each link against the log. After the machine itself stopped (power
 * loss, a kernel crash) with the store open, unforced writes may be lost in any order, so opening rebuilds the index
 * from the whole log; so it does when the files are missing, not valid, or do not match the log.
 */
public final class StreamIndex implements AutoCloseable {

    static final String FILE_NAME = "rewind-streams.idx";
    static final String LINKS_FILE_NAME = "rewind-streams.prev";
    private static final Logger LOG = LoggerFactory.getLogger(StreamIndex.class);
    private static final long MAGIC = 0x5257_5354_5249_4402L; // "RWSTRI" and format version 2
    private static final byte[] LINKS_HEADER = {'R', 'W', 'S', 'T', 'P', 'R', 'V', 2};
    /** A link is the previous position (below 2^40) in the high bits and a check of the link in the low ones. */
    private static final int LINK_CHECK_BITS = 24;
    private static final long MAX_LINK = (1L << (Long.SIZE - LINK_CHECK_BITS)) - 1;
    /** Mixed into the links' checks, so an entry of another derived file never passes for a link. */
    private static final long LINK_DOMAIN = 0x4C49_4E4BL;
    private static final int LINK_BATCH = 4_096;

    private final Path file;
    private final EventLog log;
    private final PositionFile links;
    private final Map<String, GroupHead> lastInGroup = new HashMap<>();
    private MappedHashTable heads;
    /** The log's events up to here are in the index (written by the writer, read by {@link StreamCatalog}). */
    private volatile long position;
    private long[] pending = new long[LINK_BATCH];
    private int pendingCount;
    private IOException broken;

    /** A stream's last event: its position and version. */
    record Head(long position, long version) {
    }

    /** A stream written in the group {@link #added} is adding: its key, and its last position so far. */
    private static final class GroupHead {
        final long k1;
        final long k2;
        long position;

        GroupHead(long k1, long k2, long position) {
            this.k1 = k1;
            this.k2 = k2;
            this.position = position;
        }
    }

    /** Thrown while catching up when the files do not match the log; the index is then rebuilt. */
    private static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    private StreamIndex(Path file, EventLog log, PositionFile links) {
        this.file = file;
        this.log = log;
        this.links = links;
    }

    /**
     * Opens the index in the log's folder and brings it up to the log's last position.
     *
     * @param writesSurvived whether writes the store did not force are still in the files: true unless the store was
     *     left open when its machine stopped; if false, the index is rebuilt from the log
     * @throws EventStoreException if the files cannot be written or the log cannot be read
     */
    static StreamIndex open(Path folder, EventLog log, boolean writesSurvived) {
        Path file = folder.resolve(FILE_NAME);
        PositionFile links = null;
        try {
            links = PositionFile.open(folder.resolve(LINKS_FILE_NAME), LINKS_HEADER, 1);
            StreamIndex index = new StreamIndex(file, log, links);
            String unusable = writesSurvived ? index.load() : "the machine stopped while the store was open";
            if (unusable == null) {
                try {
                    index.catchUp(true);
                } catch (Mismatch e) {
                    unusable = e.getMessage();
                }
            }
            if (unusable != null) {
                if (log.lastPosition() > 0) {
                    LOG.info("Rebuilding the stream index {} from the event log: {}", file, unusable);
                }
                index.rebuild();
            }
            index.heads.save(index.position, true);
            links.force();
            return index;
        } catch (IOException | RuntimeException e) {
            EventStoreException failure = new EventStoreException("Could not open the stream index " + file + " ("
                    + e.getMessage() + "); it is derived from the event log, so nothing is lost. Check the disk (free"
                    + " space, permissions) and open the store again.", e);
            if (links != null) {
                try {
                    links.close();
                } catch (IOException closing) {
                    failure.addSuppressed(closing);
                }
            }
            throw failure;
        }
    }

    /** Maps the existing table; returns why it cannot be used, or null. */
    private String load() throws IOException {
        MappedHashTable.Loaded loaded = MappedHashTable.load(file, MAGIC, log.lastPosition());
        if (loaded.table() == null) {
            return loaded.unusable();
        }
        long complete = loaded.table().savedPosition();
        if (links.entries() < complete) {
            return "its links end at position " + links.entries() + ", before its table's " + complete;
        }
        long failing = links.firstFailing((at, words, i) -> linkValid(at, words[i]));
        if (failing > 0) {
            return "the link of position " + failing + " in " + LINKS_FILE_NAME + " fails its check (the file is"
                    + " damaged)";
        }
        heads = loaded.table();
        position = complete;
        return null;
    }

    /** Builds the index afresh from the whole log. */
    private void rebuild() throws IOException {
        heads = MappedHashTable.create(file, MAGIC, 0);
        links.truncate(0);
        position = 0;
        try {
            catchUp(false);
        } catch (Mismatch e) {
            throw new IOException("the event log does not hold its streams' versions in order: " + e.getMessage(),
                    e);
        }
        heads.save(position, true);
    }

    /**
     * Adds the log's events after {@link #position}. When {@code check}ing, links and heads a crash may have left
     * ahead of the position are followed and checked against the log instead of trusted.
     */
    private void catchUp(boolean check) throws IOException {
        long from = position + 1;
        long to = log.lastPosition();
        if (from > to) {
            return;
        }
        log.readFrom(from, to, row -> redo(row, check));
        flushLinks();
        position = to;
        LOG.info("Added the events of positions {}..{} to the stream index {}", from, to, file);
    }

    /** Links one event of the log to its stream's previous one and makes it the stream's head. */
    private void redo(EventRow row, boolean check) throws IOException {
        long at = row.position();
        long k1 = key(row.streamId(), 0);
        long k2 = key(row.streamId(), 1);
        long previous = 0;
        if (row.version() > 0) {
            previous = heads.get(k1, k2);
            while (previous >= at) {
                // a head the crashed writer had already moved on: its links lead back to before this event
                if (previous > links.entries()) {
                    throw new Mismatch("the head of stream '" + row.streamId() + "' is at position " + previous
                            + ", which has no link");
                }
                previous = link(previous);
            }
            if (check && log.versionAt(previous, row.streamId().getBytes(UTF_8)) != row.version() - 1) {
                throw new Mismatch("position " + previous + " does not hold version " + (row.version() - 1)
                        + " of stream '" + row.streamId() + "'");
            }
        }
        if (at <= links.entries()) {
            if (link(at) != previous) {
                throw new Mismatch("the link of position " + at + " differs from the log");
            }
        } else {
            addLink(previous);
        }
        heads.put(k1, k2, at);
    }

    private void addLink(long previous) throws IOException {
        pending[pendingCount] = encodeLink(links.entries() + pendingCount + 1, previous);
        pendingCount++;
        if (pendingCount == pending.length) {
            flushLinks();
        }
    }

    private void flushLinks() throws IOException {
        links.append(pending, pendingCount);
        pendingCount = 0;
    }

    /**
     * Adds a transaction's rows, just written to the log, which continue it after {@link #position}. A failure (a
     * full disk, say) is logged and makes every later lookup fail until the store is reopened, which catches up
     * from the log: the rows are stored, so their append must still be acknowledged.
     */
    void added(List<EventRow> rows) {
        if (broken != null || rows.isEmpty()) {
            return;
        }
        try {
            if (pending.length < rows.size()) {
                pending = new long[rows.size()];
            }
            lastInGroup.clear();
            for (int i = 0; i < rows.size(); i++) {
                EventRow row = rows.get(i);
                GroupHead head = lastInGroup.get(row.streamId());
                if (head == null) {
                    head = new GroupHead(key(row.streamId(), 0), key(row.streamId(), 1), 0);
                    head.position = heads.get(head.k1, head.k2);
                    lastInGroup.put(row.streamId(), head);
                }
                pending[i] = encodeLink(row.position(), row.version() == 0 ? 0 : head.position);
                head.position = row.position();
            }
            pendingCount = rows.size();
            flushLinks();
            for (GroupHead head : lastInGroup.values()) {
                heads.put(head.k1, head.k2, head.position);
            }
            position = rows.get(rows.size() - 1).position();
            heads.save(position, false);
        } catch (IOException | RuntimeException e) {
            broken = e instanceof IOException io ? io : new IOException(e.toString(), e);
            LOG.error("Could not update the stream index {}; appends and stream reads fail until the store is"
                    + " reopened", file, e);
        }
    }

    /**
     * The stream's last event, confirmed by the log; null if the stream has no events. Safe from any thread.
     *
     * @throws IOException if the log cannot be read, the index does not match it, or an earlier update failed
     */
    Head head(String streamId) throws IOException {
        checkUsable();
        long at = headOf(streamId);
        if (at == 0) {
            return null;
        }
        long version = log.versionAt(at, streamId.getBytes(UTF_8));
        if (version < 0) {
            throw disagrees("it puts the last event of stream '" + streamId + "' at position " + at + ", where the"
                    + " log holds another stream's event (the file is damaged, or two stream ids share one 128-bit"
                    + " hash)");
        }
        return new Head(at, version);
    }

    /** How many streams the index holds. Safe from any thread. */
    long streamCount() {
        return heads.count();
    }

    /** How far into the log the index is complete: every stream with an event up to here is in it. */
    long indexedPosition() {
        return position;
    }

    /**
     * The position of each stream's last event, in no order; streams appended to meanwhile may show an earlier one.
     * Safe from any thread.
     *
     * @throws IOException if the index could not be updated, or a slot of its table fails its check
     */
    long[] headPositions() throws IOException {
        checkUsable();
        return heads.values();
    }

    /**
     * The position of the event before the one at {@code at} in the same stream; 0 for a stream's first event.
     *
     * @throws IOException if the link fails its check
     */
    long previous(long at) throws IOException {
        long previous = linked(at);
        if (previous < 0) {
            throw disagrees("the link of position " + at + " in " + LINKS_FILE_NAME + " fails its check (the file is"
                    + " damaged)");
        }
        return previous;
    }

    /**
     * Says that the index disagrees with the log: logs it, marks the index to be rebuilt from the log on the next
     * opening, and returns the failure for the read to throw.
     */
    IOException disagrees(String why) {
        IOException failure = new IOException("the stream index " + file + " disagrees with the event log: " + why
                + "; it is rebuilt from the log when the store is next opened, so close the store and open it again"
                + " (nothing is lost: the log holds every event)");
        LOG.error("The stream index {} disagrees with the event log: {}; it is rebuilt on the next opening", file,
                why);
        try {
            links.invalidate();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** The previous position a link holds, while catching up; a link failing its check is a mismatch. */
    private long link(long at) throws IOException {
        long previous = linked(at);
        if (previous < 0) {
            throw new Mismatch("the link of position " + at + " fails its check");
        }
        return previous;
    }

    /** The previous position the link of {@code at} holds; -1 if the link fails its check. */
    private long linked(long at) throws IOException {
        long word = links.get(at, 0);
        return linkValid(at, word) ? word >>> LINK_CHECK_BITS : -1;
    }

    private static boolean linkValid(long at, long word) {
        return (word & ((1L << LINK_CHECK_BITS) - 1))
                == EntryChecks.check(at, word >>> LINK_CHECK_BITS, LINK_DOMAIN, LINK_CHECK_BITS);
    }

    private static long encodeLink(long at, long previous) {
        if (previous > MAX_LINK) {
            throw new IllegalStateException("position " + previous + " is past what the stream index can link");
        }
        return previous << LINK_CHECK_BITS | EntryChecks.check(at, previous, LINK_DOMAIN, LINK_CHECK_BITS);
    }

    private long headOf(String streamId) throws IOException {
        return heads.get(key(streamId, 0), key(streamId, 1));
    }

    private void checkUsable() throws IOException {
        if (broken != null) {
            throw new IOException("the stream index " + file + " could not be updated (" + broken.getMessage()
                    + "); free disk space, then close and open the store again, which catches up from the log",
                    broken);
        }
    }

    /**
     * One half of the stream id's 128-bit key: its characters mixed from a seed that includes the table's random salt,
     * which makes ids that share a key much harder to craft without the file (the mix is not a cryptographic hash).
     */
    private long key(String streamId, int half) {
        long seed = half == 0 ? 0x9E37_79B9_7F4A_7C15L : 0xC2B2_AE3D_27D4_EB4FL;
        long h = (seed ^ heads.salt(half)) ^ streamId.length();
        for (int i = 0; i < streamId.length(); i++) {
            h = (h ^ streamId.charAt(i)) * 0xFF51_AFD7_ED55_8CCDL;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Saves the index (the writer has stopped). */
    @Override
    public void close() {
        try {
            if (broken == null) {
                links.force();
                heads.save(position, true);
            }
        } catch (IOException e) {
            LOG.warn("Could not save the stream index {} ({}); opening it again catches up from the event log",
                    file, e.toString());
        } finally {
            try {
                links.close();
            } catch (IOException e) {
                LOG.warn("Could not close {}: {}", LINKS_FILE_NAME, e.toString());
            }
        }
    }
}
