package dev.rewind.core.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link StoreInspector} for backends that answer it (in memory, embedded, PostgreSQL): a subclass
 * supplies a fresh, empty store per test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
public abstract class StoreInspectorContract {

    protected EventStore store;

    /** A fresh, empty store; closed after each test. */
    protected abstract EventStore newStore();

    /** The backend name the store's summary gives. */
    protected abstract String backend();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private void append(String streamId, int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(UUID.randomUUID(), "Counted.v1", ("{\"n\":" + i + "}").getBytes(UTF_8),
                    Metadata.empty()));
        }
        store.append(streamId, ExpectedVersion.any(), events);
    }

    @Test
    void an_empty_store_summarises_as_empty() {
        // when
        StoreSummary summary = store.summary();
        // then
        assertThat(summary.backend()).isEqualTo(backend());
        assertThat(summary.headPosition()).isZero();
        assertThat(summary.streamCount()).isZero();
        assertThat(summary.eventCount()).isZero();
        assertThat(store.listStreams("", "", 10)).isEqualTo(new StreamPage(List.of(), false));
    }

    @Test
    void the_summary_counts_streams_and_events() {
        // given
        append("account-1", 3);
        append("account-2", 1);
        append("account-1", 2);
        // when
        StoreSummary summary = store.summary();
        // then
        assertThat(summary.headPosition()).isEqualTo(6);
        assertThat(summary.eventCount()).isEqualTo(6);
        assertThat(summary.streamCount()).isEqualTo(2);
        assertThat(summary.bytesOnDisk()).isGreaterThanOrEqualTo(0);
        assertThat(summary.durability()).isNotBlank();
    }

    @Test
    void streams_are_listed_by_prefix_in_id_order_with_their_versions() {
        // given
        append("order-9", 1);
        append("account-b", 2);
        append("account-a", 1);
        append("accountant-1", 1);
        append("account-c", 4);
        // when
        StreamPage page = store.listStreams("account-", "", 10);
        // then
        assertThat(page.streams()).containsExactly(new StreamInfo("account-a", 0), new StreamInfo("account-b", 1),
                new StreamInfo("account-c", 3));
        assertThat(page.hasMore()).isFalse();
        assertThat(page.nextAfter()).isEmpty();
    }

    @Test
    void pages_follow_each_other_through_the_after_cursor() {
        // given
        for (int i = 0; i < 25; i++) {
            append(String.format("s-%02d", i), 1);
        }
        List<String> seen = new ArrayList<>();
        // when
        StreamPage page = store.listStreams("s-", "", 10);
        seen.addAll(page.streams().stream().map(StreamInfo::streamId).toList());
        while (page.nextAfter().isPresent()) {
            page = store.listStreams("s-", page.nextAfter().get(), 10);
            seen.addAll(page.streams().stream().map(StreamInfo::streamId).toList());
        }
        // then
        assertThat(seen).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThat(store.listStreams("s-", "s-19", 100).streams()).hasSize(5);
    }

    @Test
    void the_listing_sees_appends_made_after_an_earlier_listing() {
        // given
        append("cart-1", 1);
        assertThat(store.listStreams("", "", 10).streams()).containsExactly(new StreamInfo("cart-1", 0));
        // when
        append("cart-1", 2);
        append("cart-0", 1);
        // then
        assertThat(store.listStreams("", "", 10).streams()).containsExactly(new StreamInfo("cart-0", 0),
                new StreamInfo("cart-1", 2));
        assertThat(store.summary().streamCount()).isEqualTo(2);
    }

    @Test
    void a_limit_out_of_range_is_refused_saying_the_range() {
        assertThatThrownBy(() -> store.listStreams("", "", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be 1 to " + StoreInspector.MAX_STREAMS_PER_PAGE);
        assertThatThrownBy(() -> store.listStreams(null, "", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass \"\" for none");
    }
}
