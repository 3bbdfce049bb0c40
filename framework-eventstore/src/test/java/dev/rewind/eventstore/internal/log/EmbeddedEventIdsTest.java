package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.DuplicateEventIdException;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.StreamAppend;
import dev.rewind.eventstore.EventStores;
import dev.rewind.eventstore.internal.mapped.HashTableFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store checks event ids through its event-id index, not H2: re-sends and duplicates are decided the same
 * within one group, after reopening, with the index file removed, and in a store upgraded from schema version 2.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddedEventIdsTest {

    @TempDir
    Path folder;

    @Test
    void a_re_send_and_a_duplicate_id_in_one_group_are_decided_like_separate_appends() throws Exception {
        List<NewEvent> batch = events(2);
        try (EventStore store = open()) {
            List<CompletableFuture<AppendResult>> outcomes = store.appendEach(List.of(
                    new StreamAppend("s-1", ExpectedVersion.noStream(), batch),
                    new StreamAppend("s-1", ExpectedVersion.noStream(), batch),
                    new StreamAppend("s-2", ExpectedVersion.any(), List.of(batch.get(1))),
                    new StreamAppend("s-3", ExpectedVersion.any(), events(1))));

            assertThat(outcomes.get(1).get()).isEqualTo(outcomes.get(0).get());
            assertThatThrownBy(() -> outcomes.get(2).get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DuplicateEventIdException.class).hasMessageContaining("s-1");
            assertThat(outcomes.get(3).get().firstPosition()).isEqualTo(3);
            assertThat(store.headPosition()).isEqualTo(3);
        }
    }

    @Test
    void re_sends_and_duplicates_are_recognised_after_reopening() {
        List<NewEvent> batch = events(3);
        AppendResult original;
        try (EventStore store = open()) {
            original = store.append("s-1", ExpectedVersion.noStream(), batch);
            store.append("s-2", ExpectedVersion.noStream(), events(1));
        }

        assertIdsKnown(batch, original, 4);
    }

    @Test
    void re_sends_and_duplicates_are_recognised_after_the_index_file_was_removed() throws Exception {
        List<NewEvent> batch = events(3);
        AppendResult original;
        try (EventStore store = open()) {
            store.append("s-0", ExpectedVersion.noStream(), events(5));
            original = store.append("s-1", ExpectedVersion.noStream(), batch);
        }
        Files.delete(folder.resolve(EventIdIndex.FILE_NAME));

        assertIdsKnown(batch, original, 8);
    }

    @Test
    void a_store_whose_id_slots_were_zeroed_rebuilds_its_index_and_still_knows_those_ids() throws Exception {
        List<List<NewEvent>> batches = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>();
        Set<Integer> single = Set.of(3, 9, 17, 30);
        try (EventStore store = open()) {
            for (int i = 0; i < 40; i++) {
                batches.add(events(single.contains(i) ? 1 : 25));
                results.add(store.append("s-" + i % 4, ExpectedVersion.any(), batches.get(i)));
            }
        }
        Set<UUID> zeroed = single.stream().map(i -> batches.get(i).get(0).eventId()).collect(Collectors.toSet());
        int edited = HashTableFile.editTakenSlots(folder.resolve(EventIdIndex.FILE_NAME), slot -> {
            if (!zeroed.contains(new UUID(slot.getLong(0), slot.getLong(8)))) {
                return false;
            }
            slot.putLong(0, 0).putLong(8, 0).putLong(16, 0);
            return true;
        });
        assertThat(edited).isEqualTo(4);

        try (EventStore store = open()) {
            assertThat(store.append("s-3", ExpectedVersion.any(), batches.get(3))).isEqualTo(results.get(3));
            assertThatThrownBy(() -> store.append("elsewhere", ExpectedVersion.any(),
                    batches.get(9))).isInstanceOf(DuplicateEventIdException.class)
                    .hasMessageContaining("s-1");
            assertThat(store.readAll(1, 2_000)).hasSize(904);
            assertThat(store.headPosition()).isEqualTo(904);
        }
    }

    /** The reopened store returns the original result for a re-send and refuses the ids elsewhere. */
    private void assertIdsKnown(List<NewEvent> batch, AppendResult original, long head) {
        try (EventStore store = open()) {
            assertThat(store.append("s-1", ExpectedVersion.noStream(), batch)).isEqualTo(original);
            assertThatThrownBy(() -> store.append("s-9", ExpectedVersion.any(), List.of(batch.get(2))))
                    .isInstanceOf(DuplicateEventIdException.class).hasMessageContaining("s-1");
            assertThatThrownBy(() -> store.append("s-1", ExpectedVersion.any(), List.of(events(1).get(0),
                    batch.get(0)))).isInstanceOf(DuplicateEventIdException.class);
            assertThat(store.headPosition()).isEqualTo(head);
        }
    }

    private EventStore open() {
        return EventStores.open("embedded:" + folder);
    }

    private static List<NewEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(n -> NewEvent.of("Id.v1", ("{\"n\":" + n + "}").getBytes(UTF_8)))
                .toList();
    }
}
