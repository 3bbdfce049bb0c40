package dev.rewind.eventstore.readmodel;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.Rewind;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import javax.sql.DataSource;

/**
 * The child JVM of {@link JdbcProjectorCrashTest}: runs a JDBC projector that adds amounts into a table (so an event
 * applied twice or lost shows in the totals) and prints its position as it goes, until it is killed.
 */
public final class ProjectingChild {

    /** An amount added to a key. */
    record Added(String key, long amount) {
    }

    static final EventTypes TYPES = EventTypes.builder().add("Added.v1", Added.class).build();

    /** Sums amounts per key in table {@code totals}; not idempotent on purpose. */
    static final class Totals extends JdbcProjector {
        Totals(DataSource dataSource) {
            super("totals", dataSource);
            ownsTable("totals", "CREATE TABLE totals (k VARCHAR(50) PRIMARY KEY, total BIGINT NOT NULL)");
            onSql(Added.class, (e, sql) -> {
                if (sql.update("UPDATE totals SET total = total + ? WHERE k = ?", e.amount(), e.key()) == 0) {
                    sql.update("INSERT INTO totals (k, total) VALUES (?, ?)", e.key(), e.amount());
                }
            });
        }
    }

    private ProjectingChild() {
    }

    /**
     * Argument: the store configuration. Prints {@code READY <head>}, then {@code AT <position>} as it goes and
     * {@code DONE} at the head; a line {@code STOP} on its input closes everything and prints
     * {@code STOPPED <checkpoint>}.
     */
    public static void main(String[] args) throws Exception {
        EventStoreBackend backend = EventStores.openBackend(args[0]);
        DataSource dataSource = backend.dataSource().orElseThrow();
        Totals totals = new Totals(dataSource);
        Rewind rewind = Rewind.builder().store(backend.store()).checkpoints(backend.checkpoints())
                .context(BoundedContext.define("totals", context -> {
                    context.events(TYPES);
                    context.projector(totals);
                })).build().start();
        // Not a daemon: the main loop dies once the projections close, the JVM must live until STOPPED is printed.
        new Thread(() -> stopOnRequest(rewind, backend), "stopper").start();
        long head = backend.store().headPosition();
        System.out.println("READY " + head);
        System.out.flush();
        while (true) {
            long position = rewind.projections().status("totals").position();
            System.out.println("AT " + position);
            System.out.flush();
            if (position >= head) {
                System.out.println("DONE");
                System.out.flush();
            }
            rewind.projections().awaitPosition(position + 1, java.time.Duration.ofMillis(50));
        }
    }

    /** Waits for {@code STOP} on the input, then stops the projector and closes the store cleanly. */
    private static void stopOnRequest(Rewind rewind, EventStoreBackend backend) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8))) {
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("STOP"));
            if (line == null) {
                return;
            }
            // Closing Rewind stops the projector after its batch, then closes the store (the backend's close too).
            rewind.close();
            long checkpoint = rewind.projections().status("totals").position();
            backend.close();
            System.out.println("STOPPED " + checkpoint);
            System.out.flush();
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            System.exit(2);
        }
    }
}
