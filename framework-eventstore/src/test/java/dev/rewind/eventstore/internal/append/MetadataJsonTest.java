package dev.rewind.eventstore.internal.append;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStoreException;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MetadataJsonTest {

    @Test
    void metadata_survives_the_round_trip_through_its_column() {
        Metadata full = new Metadata("corr-1", "cause \"2\"", Map.of("user", "ann", "ü-key", "line\nbreak"));
        Metadata partial = Metadata.empty().withHeader("tenant", "t1");

        assertThat(MetadataJson.read(MetadataJson.write(full))).isEqualTo(full);
        assertThat(MetadataJson.read(MetadataJson.write(partial))).isEqualTo(partial);
        assertThat(MetadataJson.write(Metadata.empty())).isNull();
        assertThat(MetadataJson.read(null)).isEqualTo(Metadata.empty());
    }

    @Test
    void the_plain_form_is_read_in_one_pass_and_anything_else_is_left_to_the_json_parser() {
        Metadata plain = new Metadata("c-1", "d-2", Map.of("user", "ann", "b", ""));
        assertThat(PlainMetadataParser.parse(MetadataJson.write(plain))).isEqualTo(plain);
        assertThat(PlainMetadataParser.parse("{\"headers\":{}}")).isEqualTo(Metadata.empty());
        assertThat(PlainMetadataParser.parse("{\"correlationId\":\"a\\\"b\"}")).isNull();
        assertThat(PlainMetadataParser.parse("{\"correlationId\":null}")).isNull();
        assertThat(PlainMetadataParser.parse("{ \"headers\":{}}")).isNull();
        assertThat(PlainMetadataParser.parse("{\"other\":\"x\"}")).isNull();
        assertThat(PlainMetadataParser.parse("{\"headers\":{\"n\":7}}")).isNull();
        assertThat(PlainMetadataParser.parse("{\"headers\":{}}x")).isNull();
        assertThat(PlainMetadataParser.parse("{\"headers\":{\"a\":\"b\"")).isNull();
    }

    @Test
    void unknown_fields_are_skipped_and_numbers_read_as_text() {
        Metadata read = MetadataJson.read("{\"later\":{\"a\":[1,2]},\"correlationId\":\"c\",\"headers\":{\"n\":7}}");
        assertThat(read).isEqualTo(new Metadata("c", null, Map.of("n", "7")));
    }

    @Test
    void a_column_changed_into_something_else_is_reported() {
        assertThatThrownBy(() -> MetadataJson.read("[1,2]")).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> MetadataJson.read("{\"headers\":")).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("changed outside Rewind");
    }
}
