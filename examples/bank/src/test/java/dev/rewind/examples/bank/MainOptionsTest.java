package dev.rewind.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MainOptionsTest {

    @Test
    void without_options_the_bank_serves_port_8080_on_h2_in_data() {
        assertThat(Main.Options.parse(new String[0]))
                .isEqualTo(new Main.Options(8080, "embedded:./data", null, null, BankRole.ALL));
    }

    @Test
    void port_and_store_can_be_chosen() {
        assertThat(Main.Options.parse(new String[] {"--store", "h2:/tmp/bank", "--port", "9090"}))
                .isEqualTo(new Main.Options(9090, "h2:/tmp/bank", null, null, BankRole.ALL));
    }

    @Test
    void a_bad_command_line_says_what_is_wrong() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "http"}))
                .hasMessage("--port must be a number from 0 to 65535, got http");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "70000"}))
                .hasMessage("--port must be a number from 0 to 65535, got 70000");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--store"})).hasMessage("--store needs a value");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--verbose", "yes"}))
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--role", "read"}))
                .hasMessage("--role and --hub-events need --hub");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--hub", "tcp://h:1", "--role", "boss"}))
                .hasMessage("--role must be all, write or read, got boss");
    }

    @Test
    void a_hub_process_finds_the_event_endpoint_on_the_next_port() {
        Main.Options options = Main.Options.parse(new String[] {"--hub", "tcp://10.0.0.5:5555", "--role", "read"});
        assertThat(options.config().hub().publishEndpoint()).isEqualTo("tcp://10.0.0.5:5556");
        assertThat(options.config().role()).isEqualTo(BankRole.READ);
    }

    @Test
    void an_in_memory_store_is_refused_because_the_read_models_need_a_database() {
        assertThatThrownBy(() -> BankApplication.start("memory", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not memory");
    }
}
