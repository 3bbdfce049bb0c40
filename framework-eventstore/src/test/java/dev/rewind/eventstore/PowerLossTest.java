package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated power losses (LazyFS, {@link LazyFs}) of a process appending to the embedded store: 4 stores, each cut
 * 5 times per durability mode, reopened after each cut under a new boot id. Skipped without LazyFS (see
 * {@link LazyFs#assumeAvailable()}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(600)
class PowerLossTest {

    private static final int STORES = 4;
    private static final int CUTS_PER_STORE = 5;

    @TempDir
    Path folder;

    @Test
    void disk_durability_keeps_every_acknowledged_append_through_power_losses() throws Exception {
        // given
        PowerLossTester tester = new PowerLossTester(LazyFs.assumeAvailable(), "disk", folder, seed());
        // when
        PowerLossTester.Totals totals = tester.run(STORES, CUTS_PER_STORE);
        // then (each cut also checks that it lost nothing)
        assertThat(totals.acknowledged()).isPositive();
        assertThat(totals.lost()).isZero();
    }

    @Test
    void process_durability_keeps_a_prefix_of_the_log_through_power_losses() throws Exception {
        // given
        PowerLossTester tester = new PowerLossTester(LazyFs.assumeAvailable(), "process", folder, seed());
        // when
        PowerLossTester.Totals totals = tester.run(STORES, CUTS_PER_STORE);
        // then (each cut checks that what survived is a prefix: dense, byte for byte, acknowledged or in flight)
        assertThat(totals.acknowledged()).isPositive();
        assertThat(totals.cuts()).isEqualTo(STORES * CUTS_PER_STORE);
    }

    private static long seed() {
        return Long.getLong("rewind.powerloss.seed", System.nanoTime());
    }
}
