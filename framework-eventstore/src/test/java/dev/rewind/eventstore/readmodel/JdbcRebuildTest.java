package dev.rewind.eventstore.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.eventstore.EventStoreModule;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDBC read model rebuilt while the application runs, on the embedded store wired with Guice: the replacement
 * starts from empty tables, may not take the live projector's table, and keeps serving after a restart of the same
 * code.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class JdbcRebuildTest {

    static final String V2_TABLE = "CREATE TABLE IF NOT EXISTS test_balances_v2"
            + " (account VARCHAR(100) PRIMARY KEY, cents BIGINT NOT NULL)";

    /** The rebuilt balances, in a table of their own. */
    static final class BalancesV2 extends JdbcProjector {

        @Inject
        BalancesV2(DataSource dataSource) {
            super("balances-v2", dataSource);
            ownsTable("test_balances_v2", V2_TABLE);
            onSql(TestBank.AccountOpened.class, (e, sql) -> sql.update(
                    "INSERT INTO test_balances_v2 (account, cents) VALUES (?, 0)", e.accountId()));
            onSql(TestBank.MoneyDeposited.class, (e, sql) -> sql.update(
                    "UPDATE test_balances_v2 SET cents = ? WHERE account = ?", e.newBalance(), e.accountId()));
        }

        Optional<Long> balance(String account) {
            return queries().first("SELECT cents FROM test_balances_v2 WHERE account = ?", row -> row.getLong(1),
                    account);
        }
    }

    /** A careless replacement that would write the live projector's table. */
    static final class BalancesCopy extends JdbcProjector {

        @Inject
        BalancesCopy(DataSource dataSource) {
            super("balances-copy", dataSource);
            ownsTable("test_balances", TestBank.BALANCES_TABLE);
        }
    }

    @TempDir
    Path folder;

    private Injector injector() {
        return Guice.createInjector(new RewindModule(), new EventStoreModule("embedded:" + folder),
                new TestBank.BankModule());
    }

    @Test
    void a_rebuilt_read_model_starts_empty_and_serves_its_stable_name_after_a_restart() throws Exception {
        Injector first = injector();
        try (Rewind rewind = first.getInstance(Rewind.class).start()) {
            rewind.commands().send(new TestBank.OpenAccount("acc-1"));
            rewind.commands().send(new TestBank.Deposit("acc-1", 40));
            // rows an abandoned rebuild left behind
            try (Connection connection = first.getInstance(DataSource.class).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(V2_TABLE);
                statement.execute("INSERT INTO test_balances_v2 (account, cents) VALUES ('stale', 99)");
            }
            // when
            assertThatThrownBy(() -> rewind.projections().rebuild("balances", first.getInstance(BalancesCopy.class)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("both write table 'test_balances'");
            rewind.projections().rebuild("balances", first.getInstance(BalancesV2.class)).switched()
                    .get(60, TimeUnit.SECONDS);
            // then
            BalancesV2 serving = rewind.projections().projector("balances", BalancesV2.class);
            assertThat(serving.balance("acc-1")).contains(40L);
            assertThat(serving.balance("stale")).isEmpty();
        }
        // when: the same code starts again
        Injector second = injector();
        try (Rewind rewind = second.getInstance(Rewind.class).start()) {
            long position = rewind.commands().send(new TestBank.Deposit("acc-1", 2)).position();
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(20))).isTrue();
            // then
            assertThat(rewind.projections().status("balances").servedBy()).isEqualTo("balances-v2");
            assertThat(rewind.projections().status("balances").position()).isEqualTo(position);
            assertThat(rewind.projections().projector("balances", BalancesV2.class).balance("acc-1")).contains(42L);
        }
    }
}
