package dev.rewind.bus.internal.route;

import dev.rewind.core.command.CommandBus;

/** The other write sides, by the address they joined the lease group with. */
public interface Peers {

    /** The bus that sends to the write side at {@code address}, connecting on first use. */
    CommandBus at(String address);

    /** Drops a connection that failed (no reply, or unavailable), so the next send connects afresh. */
    void drop(String address, CommandBus peer);
}
