package dev.rewind.eventstore.internal.append;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * What the {@link AppendWriter} writes with, on its own thread: {@code SqlAppendTransactions} on PostgreSQL,
 * {@code LogAppendTransactions} in the embedded store.
 */
public interface AppendTransactions extends AutoCloseable {

    /** What a group did: the stored appends with their results, those left to decide alone, and the new head. */
    record Group(List<PendingAppend> accepted, List<AppendResult> results, List<PendingAppend> deferred, long head) {
    }

    /**
     * The fast path: stores every append whose expected version holds (by the cached stream versions) as one
     * atomic write, and leaves the others (a version mismatch may be an idempotent re-send) to {@link #writeAlone}.
     *
     * @throws SQLException if the database failed; nothing was stored (or the commit outcome is unknown)
     * @throws IOException if the store's files failed; nothing was stored
     */
    Group writeGroup(List<PendingAppend> group) throws SQLException, IOException;

    /**
     * The careful path: decides one append with every check made against what is stored, and stores it.
     *
     * @throws WrongExpectedVersionException if the stream's version does not satisfy the append
     * @throws DuplicateEventIdException if some of its event ids are stored, but not as this same append
     * @throws SQLException if the database failed; nothing was stored (or the commit outcome is unknown)
     * @throws IOException if the store's files failed; nothing was stored
     */
    AppendResult writeAlone(PendingAppend append) throws SQLException, IOException;

    /** The store's kind, {@code embedded} or {@code postgres}, for the meters. */
    String storeKind();

    @Override
    void close();
}
