package dev.rewind.examples.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.Rewind;
import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.readmodel.JdbcProjector;
import dev.rewind.examples.benchmarks.BankWorkload.MoneyDeposited;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import javax.sql.DataSource;

/**
 * One read side of {@link WriteSidesPart}, in a JVM of its own: a Rewind runtime on the PostgreSQL store with the
 * store's partition leases and one partitioned JDBC projector of balances. Prints {@code READY} once built, starts the
 * runtime (so the projector replays) on {@code GO}, and closes on {@code EXIT}.
 */
public final class ReadSideMain {

    /** Balances in a table of the store's database, the deposits split into {@code partitions} partitions. */
    static final class PartitionedBalances extends JdbcProjector {
        PartitionedBalances(String name, int partitions, DataSource dataSource) {
            super(name, dataSource);
            partitioned(partitions);
            ownsTable(name, "CREATE TABLE " + name + " (account VARCHAR(100) PRIMARY KEY, cents BIGINT NOT NULL)");
            onSql(MoneyDeposited.class, (e, sql) -> sql.update("INSERT INTO " + name + " (account, cents)"
                    + " VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET cents = excluded.cents", e.accountId(),
                    e.newBalance()));
        }
    }

    private ReadSideMain() {
    }

    /** Arguments: the PostgreSQL URL (with its schema), the projector's name and its number of partitions. */
    public static void main(String[] args) throws Exception {
        try (EventStoreBackend backend = EventStores.openBackend(args[0]);
                Rewind rewind = backend.runtime().partitionLeases(backend.partitionLeases())
                        .context(BankWorkload.context(new PartitionedBalances(args[1], Integer.parseInt(args[2]),
                                backend.dataSource().orElseThrow()))).build()) {
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
                if (line.equals("GO")) {
                    rewind.start();
                }
            }
        }
        System.exit(0);
    }
}
