package dev.rewind.core.internal.process;

import dev.rewind.core.command.CommandBus;
import dev.rewind.core.process.DeadlineScheduler;
import dev.rewind.core.process.ProcessManager;
import java.time.Clock;

/**
 * Lets the runtime and the process fixture connect a {@link ProcessManager} to its command bus and deadlines without
 * a public method on the user's class: {@code ProcessManager} hands its connector over when its class loads (the
 * shared-secrets idiom of the JDK).
 */
public final class ProcessConnections {

    /** Connects one process manager. */
    @FunctionalInterface
    public interface Connector {

        void connect(ProcessManager processManager, CommandBus commands, DeadlineScheduler deadlines, Clock clock);
    }

    private static volatile Connector connector;

    private ProcessConnections() {
    }

    /**
     * Takes the connector; called once, by {@code ProcessManager}'s class initialisation.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void install(Connector processManagers) {
        if (connector != null) {
            throw new IllegalStateException("The process manager connector is installed already.");
        }
        connector = processManagers;
    }

    /**
     * Connects a process manager; each instance once.
     *
     * @throws IllegalStateException if it is connected already
     */
    public static void connect(ProcessManager processManager, CommandBus commands, DeadlineScheduler deadlines,
            Clock clock) {
        // the instance exists, so its class has initialised and installed the connector
        connector.connect(processManager, commands, deadlines, clock);
    }
}
