package dev.rewind.examples.bank;

import dev.rewind.core.projection.Projector;
import dev.rewind.core.process.ProcessManager;

/**
 * What one bank process does. Embedded, one process does everything; on a hub, the work can be split between a
 * write side (commands and the transfer process) and any number of read sides (read models and queries).
 */
public enum BankRole {
    /** Commands, the transfer process, the read models and the queries. */
    ALL,
    /** Commands and the transfer process; no read models, so no queries. */
    WRITE,
    /** The read models and the queries; no commands, no transfer process. */
    READ;

    /** Whether this role answers requests with the HTTP method ({@code POST} commands, {@code GET} queries). */
    public boolean serves(String method) {
        return switch (this) {
            case ALL -> true;
            case WRITE -> method.equals("POST");
            case READ -> method.equals("GET");
        };
    }

    /**
     * Whether this role runs a projector or process manager of this class: the write side runs only process
     * managers, the read side only read models.
     */
    public boolean runs(Class<? extends Projector> type) {
        return this == ALL || ProcessManager.class.isAssignableFrom(type) == (this == WRITE);
    }
}
