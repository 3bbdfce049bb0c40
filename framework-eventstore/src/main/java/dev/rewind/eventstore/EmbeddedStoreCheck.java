package dev.rewind.eventstore;

import dev.rewind.core.eventstore.EventStoreException;
import dev.rewind.eventstore.internal.log.LogCheck;
import java.nio.file.Path;

/**
 * Checks and repairs the event log of an embedded store ({@code embedded:<folder>}) that no process has open.
 * Opening cuts off by itself what a crash or power loss leaves at the end of the log; damage with whole records
 * after it (a failing disk, a file overwritten by hand) is refused instead, since cutting it off drops events that
 * were acknowledged. This is the tool for that case:
 *
 * <pre>{@code
 * LogReport report = EmbeddedStoreCheck.verify(Path.of("./data"));   // changes nothing
 * System.out.println(report);
 * EmbeddedStoreCheck.repair(Path.of("./data"), report.intactPosition()); // keeps positions 1..intactPosition
 * }</pre>
 *
 * <p>Restoring the log from a backup loses less; repair is for when there is none.
 */
public final class EmbeddedStoreCheck {

    private EmbeddedStoreCheck() {
    }

    /**
     * Reads the whole log and reports every damaged range; changes nothing.
     *
     * @throws EventStoreException if the folder holds no event log, a process has the store open, or the file is
     *     not a Rewind event log
     */
    public static LogReport verify(Path folder) {
        return LogCheck.verify(folder);
    }

    /**
     * Keeps positions 1 to {@code keepUpToPosition} and moves everything after them (the first damaged range and
     * all that follows it, whole records too: positions must stay dense) into a file in the folder's
     * {@code quarantine} folder, which the store never deletes. The indexes are rebuilt from the log when the store
     * next opens, and checkpoints past the new head are set back then. An intact log is left as it is.
     *
     * @param keepUpToPosition the {@link LogReport#intactPosition()} that {@link #verify} reported: the consent to
     *     drop every event after it
     * @return the report of the repaired log
     * @throws IllegalArgumentException if {@code keepUpToPosition} is not where the intact events end
     * @throws EventStoreException as {@link #verify}
     */
    public static LogReport repair(Path folder, long keepUpToPosition) {
        return LogCheck.repair(folder, keepUpToPosition);
    }
}
