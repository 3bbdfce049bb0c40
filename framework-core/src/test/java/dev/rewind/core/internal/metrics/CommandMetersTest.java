package dev.rewind.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandConflictException;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.WrongExpectedVersionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CommandMetersTest {

    @Test
    void outcomes_tell_a_refused_command_from_a_conflict_and_a_failure() {
        WrongExpectedVersionException conflict = new WrongExpectedVersionException("account-1",
                ExpectedVersion.exactly(1), 2);
        assertThat(CommandMeters.outcomeOf(null)).isEqualTo("ok");
        assertThat(CommandMeters.outcomeOf(new CommandConflictException(String.class, 3, conflict)))
                .isEqualTo("conflict");
        assertThat(CommandMeters.outcomeOf(new AggregateNotFoundException(String.class, "account-1")))
                .isEqualTo("rejected");
        assertThat(CommandMeters.outcomeOf(new IllegalStateException("insufficient funds"))).isEqualTo("rejected");
        assertThat(CommandMeters.outcomeOf(new UncheckedIOException(new IOException("disk")))).isEqualTo("failed");
    }
}
