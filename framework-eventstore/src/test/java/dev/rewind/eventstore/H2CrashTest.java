package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.eventstore.EventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM appending to an H2 file; every acknowledged append must survive. H2 writes its file in the
 * background, so what survives comes from the store's journal (replayed on opening) and from H2's checkpoints.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(900)
class H2CrashTest {

    @TempDir
    Path folder;

    @Test
    void acknowledged_appends_survive_kill_minus_9_of_the_h2_process() throws Exception {
        // given
        String config = "h2:" + folder.resolve("store");
        // when
        List<CrashTester.Ack> acks = new CrashTester(config, folder).run(20);
        // then
        assertThat(acks).isNotEmpty();
        try (EventStore reopened = EventStores.open(config)) {
            CrashTester.verify(reopened, acks);
        }
    }

    @Test
    void acknowledged_appends_survive_kills_that_fall_around_journal_checkpoints() throws Exception {
        // given: a journal checkpointed every 16 KiB (a few dozen events), so kills also hit checkpoints
        // (10 kills here, 30 for H2 in all)
        String config = "h2:" + folder.resolve("store");
        // when
        List<CrashTester.Ack> acks = new CrashTester(config, folder, List.of("-Drewind.h2.journalBytes=16384"))
                .run(10);
        // then
        assertThat(acks).isNotEmpty();
        try (EventStore reopened = EventStores.open(config)) {
            CrashTester.verify(reopened, acks);
        }
    }
}
