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
        assertThat(StoreConfig.parse(" embedded:/var/rewind ")).isEqualTo(new StoreConfig(StoreConfig.Kind.EMBEDDED,
                "/var/rewind", StoreConfig.Durability.DISK));
        assertThat(StoreConfig.parse("embedded")).isEqualTo(StoreConfig.parse(StoreConfig.DEFAULT));
        assertThat(StoreConfig.parse("h2:/var/rewind")).as("the earlier name")
                .isEqualTo(StoreConfig.parse("embedded:/var/rewind"));
        assertThat(StoreConfig.parse("jdbc:postgresql://db:5432/app?user=app").kind())
                .isEqualTo(StoreConfig.Kind.POSTGRESQL);
    }

    @Test
    void the_durability_is_on_the_disk_unless_the_configuration_says_process() {
        assertThat(StoreConfig.parse("embedded:./data").durability()).isEqualTo(StoreConfig.Durability.DISK);
        assertThat(StoreConfig.parse("embedded:./data?durability=disk").durability())
                .isEqualTo(StoreConfig.Durability.DISK);
        StoreConfig process = StoreConfig.parse("embedded:./data?durability=process");
        assertThat(process.durability()).isEqualTo(StoreConfig.Durability.PROCESS);
        assertThat(process.location()).isEqualTo("./data");
        assertThat(process.toString()).isEqualTo("embedded:./data?durability=process");
        assertThat(StoreConfig.parse(process.toString())).isEqualTo(process);
    }

    @Test
    void an_embedded_store_keeps_its_read_models_in_its_folder_with_h2s_own_write_settings() {
        String url = StoreConfig.parse("embedded:/tmp/x?durability=process").jdbcUrl();
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
        assertRefused("embedded:", "names no folder");
        assertRefused("h2:", "names no folder");
        assertRefused("embedded:?durability=disk", "names no folder");
        assertRefused("embedded:/tmp/a;MODE=MySQL", "contains ';'");
        assertRefused("embedded:/tmp/a?durability=fast", "durability 'fast'");
        assertRefused("embedded:/tmp/a?durability=disk&cache=1", "Unknown option 'cache=1'");
        assertRefused("jdbc:h2:mem:test", "write embedded:<folder> instead");
        assertRefused("jdbc:postgresql:app", "names no server");
        assertRefused("mysql://localhost/app", "Unknown event store configuration 'mysql://localhost/app'");
        assertRefused("Memory", "Use 'memory', 'embedded:<folder>'");
    }

    private static void assertRefused(String config, String messagePart) {
        assertThatThrownBy(() -> StoreConfig.parse(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart);
    }
}
