package dev.rewind.core.serialization;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.RecordedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JacksonEventSerializerTest {

    record MoneyDeposited(String accountId, long amountCents, String currency, String channel) {
    }

    record Unregistered(String x) {
    }

    private static RecordedEvent stored(String type, String json, long position) {
        return new RecordedEvent(UUID.randomUUID(), "account-1", 0, position, type, json.getBytes(UTF_8),
                Metadata.empty(), Instant.EPOCH);
    }

    private final EventTypes types = EventTypes.of(Map.of("MoneyDeposited.v3", MoneyDeposited.class));
    private final JacksonEventSerializer serializer = new JacksonEventSerializer(types, List.of(
            Upcaster.of("MoneyDeposited", 1, json -> ((ObjectNode) json).put("currency", "EUR")),
            Upcaster.of("MoneyDeposited", 2, json -> ((ObjectNode) json).put("channel", "branch"))));

    @Test
    void an_event_round_trips_under_its_stable_name_with_plain_field_names() {
        SerializedEvent written = serializer.serialize(new MoneyDeposited("acc-7", 100, "USD", "web"));
        assertThat(written.type()).isEqualTo("MoneyDeposited.v3");
        assertThat(new String(written.data(), UTF_8))
                .isEqualTo("{\"accountId\":\"acc-7\",\"amountCents\":100,\"currency\":\"USD\",\"channel\":\"web\"}");
        assertThat(serializer.deserialize(stored(written.type(), new String(written.data(), UTF_8), 1)))
                .isEqualTo(new MoneyDeposited("acc-7", 100, "USD", "web"));
    }

    @Test
    void upcasters_chain_from_an_old_version_to_the_current_one() {
        Object read = serializer.deserialize(stored("MoneyDeposited.v1", "{\"accountId\":\"a\",\"amountCents\":5}", 1));
        assertThat(read).isEqualTo(new MoneyDeposited("a", 5, "EUR", "branch"));
        Object fromV2 = serializer.deserialize(stored("MoneyDeposited.v2",
                "{\"accountId\":\"a\",\"amountCents\":5,\"currency\":\"GBP\"}", 2));
        assertThat(fromV2).isEqualTo(new MoneyDeposited("a", 5, "GBP", "branch"));
        assertThat(serializer.canRead("MoneyDeposited.v1")).isTrue();
        assertThat(serializer.canRead("MoneyDeposited.v4")).isFalse();
    }

    @Test
    void an_unknown_type_on_read_names_the_type_and_the_position() {
        assertThatThrownBy(() -> serializer.deserialize(stored("AccountClosed.v1", "{}", 42)))
                .isInstanceOfSatisfying(UnknownEventTypeException.class, e -> {
                    assertThat(e.typeName()).isEqualTo("AccountClosed.v1");
                    assertThat(e.position()).isEqualTo(42);
                })
                .hasMessageContaining("AccountClosed.v1").hasMessageContaining("position 42");
    }

    @Test
    void a_missing_upcaster_is_reported_with_the_version_gap() {
        JacksonEventSerializer noUpcasters = new JacksonEventSerializer(types);
        assertThatThrownBy(() -> noUpcasters.deserialize(stored("MoneyDeposited.v1", "{}", 9)))
                .isInstanceOf(UnknownEventTypeException.class).hasMessageContaining("no upcaster from version 1 to 2");
    }

    @Test
    void unreadable_bytes_name_the_type_and_the_position() {
        assertThatThrownBy(() -> serializer.deserialize(stored("MoneyDeposited.v3", "{not json", 3)))
                .isInstanceOf(EventSerializationException.class).hasMessageContaining("position 3");
    }

    @Test
    void an_unregistered_class_cannot_be_written_and_the_message_says_how_to_fix_it() {
        assertThatThrownBy(() -> serializer.serialize(new Unregistered("x")))
                .isInstanceOf(EventSerializationException.class).hasMessageContaining("Unregistered")
                .hasMessageContaining("register it with EventTypes");
    }

    @Test
    void a_name_or_class_registered_twice_or_two_versions_of_one_type_are_refused() {
        assertThatThrownBy(() -> EventTypes.builder().add("A.v1", MoneyDeposited.class).add("A.v1", String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered twice");
        assertThatThrownBy(() -> EventTypes.builder().add("A.v1", MoneyDeposited.class).add("B.v1",
                MoneyDeposited.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two names");
        assertThatThrownBy(() -> EventTypes.builder().add("A.v1", MoneyDeposited.class).add("A.v2", String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upcaster");
        assertThatThrownBy(() -> new JacksonEventSerializer(types, List.of(Upcaster.of("A", 1, j -> j),
                Upcaster.of("A", 1, j -> j)))).isInstanceOf(IllegalArgumentException.class);
    }
}
