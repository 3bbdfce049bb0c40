package dev.rewind.bus.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.ChildProcesses;
import dev.rewind.bus.PostgresSchemas;
import dev.rewind.bus.command.WriteSides.Flow;
import dev.rewind.bus.command.WriteSides.WriteSide;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three write sides on one PostgreSQL schema, one of them a child JVM killed with {@code kill -9} while commands flow
 * through the other two: its partitions move to them once its lease runs out, and every acknowledged command is
 * applied exactly once.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(240)
class RoutingKillIT {

    private String schema;
    private Process child;
    private final List<WriteSide> sides = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        sides.forEach(WriteSide::close);
        PostgresSchemas.drop(schema);
    }

    @Test
    void a_write_side_killed_outright_hands_its_aggregates_over_after_its_lease() throws Exception {
        // given: a child write side and two here, each holding its share
        schema = PostgresSchemas.create();
        child = ChildProcesses.start(ChildProcesses.java(WriteSideProcess.class, schema), "write-side: serving");
        for (int i = 0; i < 2; i++) {
            sides.add(new WriteSide(schema, "tcp://127.0.0.1:*"));
        }
        WriteSides.awaitShares(sides, 3, Duration.ofSeconds(30));
        for (String account : WriteSides.ACCOUNT_IDS) {
            sides.get(0).bus.send(new OpenAccount(account, "owner of " + account));
        }
        Flow flow = new Flow(sides, 4, -1).awaitMore(200, "commands flowing");
        // when
        long killed = System.nanoTime();
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        WriteSides.awaitShares(sides, 2, Duration.ofSeconds(30));
        Duration moved = Duration.ofNanos(System.nanoTime() - killed);
        flow.awaitMore(200, "commands after the move").stop();
        System.out.printf("Write side killed with kill -9: its partitions moved to the other two in %d ms (lease %d"
                + " ms); %d commands acknowledged, %d without answer%n", moved.toMillis(),
                WriteSides.LEASE.toMillis(), flow.acknowledged.size(), flow.unknown.size());
        // then
        assertThat(moved).isLessThan(WriteSides.LEASE.multipliedBy(3));
        WriteSides.assertAppliedExactlyOnce(sides.get(0).backend.store(), flow);
    }
}
