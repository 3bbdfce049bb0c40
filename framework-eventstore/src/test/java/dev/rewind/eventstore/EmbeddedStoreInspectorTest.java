package dev.rewind.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.StoreInspectorContract;
import dev.rewind.core.eventstore.StoreSummary;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.core.eventstore.StreamInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection contract on the embedded store in a fresh folder per test, and what it says after reopening. */
class EmbeddedStoreInspectorTest extends StoreInspectorContract {

    @TempDir
    Path folder;

    @Override
    protected EventStore newStore() {
        return EventStores.open("embedded:" + folder);
    }

    @Override
    protected String backend() {
        return "embedded";
    }

    private static List<NewEvent> one() {
        return List.of(new NewEvent(UUID.randomUUID(), "Counted.v1", "{}".getBytes(UTF_8), Metadata.empty()));
    }

    @Test
    void a_reopened_store_lists_its_streams_from_the_index_and_counts_its_folder() throws Exception {
        // given: more streams than the index table's first size, so it grew
        store.close();
        store = EventStores.open("embedded:" + folder + "?durability=process");
        for (int batch = 0; batch < 50; batch++) {
            List<StreamAppend> appends = new ArrayList<>();
            for (int i = batch * 1_000; i < (batch + 1) * 1_000; i++) {
                appends.add(new StreamAppend("item-" + i, ExpectedVersion.noStream(), one()));
            }
            for (CompletableFuture<AppendResult> appended : store.appendEach(appends)) {
                appended.get(30, TimeUnit.SECONDS);
            }
        }
        store.append("item-7", ExpectedVersion.exactly(0), one());
        store.close();
        // when
        store = newStore();
        store.append("item-8", ExpectedVersion.exactly(0), one());
        StoreSummary summary = store.summary();
        // then
        assertThat(summary.streamCount()).isEqualTo(50_000);
        assertThat(summary.headPosition()).isEqualTo(50_002);
        long files;
        try (var walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(summary.bytesOnDisk()).isPositive().isLessThanOrEqualTo(files);
        assertThat(store.listStreams("item-7", "", 3).streams()).containsExactly(new StreamInfo("item-7", 1),
                new StreamInfo("item-70", 0), new StreamInfo("item-700", 0));
        assertThat(store.listStreams("item-8", "item-7999", 1).streams()).containsExactly(new StreamInfo("item-8", 1));
    }

    @Test
    void the_durability_is_reported() {
        // given
        assertThat(store.summary().durability()).isEqualTo("disk");
        store.close();
        // when
        store = EventStores.open("embedded:" + folder + "?durability=process");
        // then
        assertThat(store.summary().durability()).isEqualTo("process");
    }
}
