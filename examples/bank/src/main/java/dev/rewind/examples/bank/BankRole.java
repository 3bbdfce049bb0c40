package dev.rewind.examples.bank;

import dev.rewind.core.context.BoundedContext;
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

    /** The part of a context this role runs: the write side keeps only process managers among its projectors. */
    public BoundedContext select(BoundedContext context) {
        if (this == ALL) {
            return context;
        }
        boolean write = this == WRITE;
        return context.withProjectors(type -> ProcessManager.class.isAssignableFrom(type) == write);
    }
}
