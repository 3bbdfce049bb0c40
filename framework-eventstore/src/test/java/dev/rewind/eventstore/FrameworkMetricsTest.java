package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.Rewind;
import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.eventstore.readmodel.TestBank;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The framework's meters, read from a registry added to Micrometer's global one, on a real embedded store. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class FrameworkMetricsTest {

    @TempDir
    Path folder;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void commands_appends_commits_and_projector_lag_are_measured() {
        try (EventStoreBackend backend = EventStores.openBackend("embedded:" + folder);
                Rewind rewind = backend.runtime().context(new TestBank.BankModule().describe()).build().start()) {
            // when
            rewind.commands().send(new TestBank.OpenAccount("acc-1"));
            long position = 0;
            for (int i = 0; i < 3; i++) {
                position = rewind.commands().send(new TestBank.Deposit("acc-1", 10)).position();
            }
            assertThatThrownBy(() -> rewind.commands().send(new TestBank.Deposit("nobody", 1)))
                    .isInstanceOf(AggregateNotFoundException.class);
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(20))).isTrue();
            // then
            assertThat(registry.get("rewind.commands").tag("command", "Deposit").tag("outcome", "ok").timer()
                    .count()).isEqualTo(3);
            assertThat(registry.get("rewind.commands").tag("command", "Deposit").tag("outcome", "rejected").timer()
                    .count()).isEqualTo(1);
            assertThat(registry.get("rewind.store.appends").tag("store", "embedded").timer().count())
                    .isGreaterThanOrEqualTo(4);
            assertThat(registry.get("rewind.store.events").tag("store", "embedded").counter().count())
                    .isGreaterThanOrEqualTo(4);
            assertThat(registry.get("rewind.store.commits").tag("store", "embedded").timer().count())
                    .isBetween(1L, 4L);
            assertThat(registry.get("rewind.store.commit.appends").tag("store", "embedded").summary().totalAmount())
                    .isGreaterThanOrEqualTo(4);
            assertThat(registry.get("rewind.projector.position").tag("projector", "balances").gauge().value())
                    .isEqualTo(position);
            assertThat(registry.get("rewind.projector.lag").tag("projector", "balances").gauge().value())
                    .isZero();
            assertThat(registry.get("rewind.projector.events").tag("projector", "balances").counter().count())
                    .isGreaterThanOrEqualTo(4);
        }
    }
}
