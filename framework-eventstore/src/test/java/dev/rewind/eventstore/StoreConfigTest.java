package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StoreConfigTest {

    @Test
    void the_three_forms_are_understood() {
        assertThat(StoreConfig.parse("memory")).isEqualTo(new StoreConfig(StoreConfig.Kind.MEMORY, ""));
        assertThat(StoreConfig.parse(" h2:/var/rewind ")).isEqualTo(new StoreConfig(StoreConfig.Kind.H2,
                "/var/rewind"));
        assertThat(StoreConfig.parse("h2")).isEqualTo(StoreConfig.parse(StoreConfig.DEFAULT));
        assertThat(StoreConfig.parse("jdbc:postgresql://db:5432/app?user=app").kind())
                .isEqualTo(StoreConfig.Kind.POSTGRESQL);
    }

    @Test
    void an_h2_store_is_opened_in_its_folder_with_h2s_own_write_settings() {
        String url = StoreConfig.parse("h2:/tmp/x").jdbcUrl();
        // Crash safety comes from the store's event log, not from H2 writing at each commit (WRITE_DELAY=0).
        assertThat(url).isEqualTo("jdbc:h2:file:" + Path.of("/tmp/x").toAbsolutePath().resolve("rewind"));
    }

    @Test
    void a_postgresql_password_is_masked_when_printed() {
        assertThat(StoreConfig.parse("jdbc:postgresql://db/app?user=app&password=secret&ssl=true").toString())
                .doesNotContain("secret").contains("password=***&ssl=true");
    }

    @Test
    void bad_configuration_strings_are_refused_with_the_accepted_forms() {
        assertRefused(null, "missing");
        assertRefused("  ", "blank");
        assertRefused("h2:", "names no folder");
        assertRefused("h2:/tmp/a;MODE=MySQL", "contains ';'");
        assertRefused("jdbc:h2:mem:test", "write h2:<folder> instead");
        assertRefused("jdbc:postgresql:app", "names no server");
        assertRefused("mysql://localhost/app", "Unknown event store configuration 'mysql://localhost/app'");
        assertRefused("Memory", "Use 'memory', 'h2:<folder>'");
    }

    private static void assertRefused(String config, String messagePart) {
        assertThatThrownBy(() -> StoreConfig.parse(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart);
    }
}
