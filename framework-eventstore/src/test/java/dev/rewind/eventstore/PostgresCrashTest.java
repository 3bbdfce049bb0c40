package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM appending to PostgreSQL 20 times; every acknowledged append must survive. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(900)
class PostgresCrashTest {

    @TempDir
    Path logs;

    @RegisterExtension
    final FreshSchema schema = new FreshSchema();

    @Test
    void acknowledged_appends_survive_kill_minus_9_of_the_client_process() throws Exception {
        // given
        String config = schema.config();
        // when
        List<CrashTester.Ack> acks = new CrashTester(config, logs).run(20);
        // then
        assertThat(acks).isNotEmpty();
        try (EventStore reopened = EventStores.open(config)) {
            CrashTester.verify(reopened, acks);
        }
    }
}
