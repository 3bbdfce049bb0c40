package dev.rewind.examples.bank;

import dev.rewind.bus.HubAddress;
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
                .isEqualTo(new Main.Options(8080, "127.0.0.1", "embedded:./data", null, null, BankRole.ALL, null,
                        System.getenv("REWIND_ADMIN_TOKEN"), null));
    }

    @Test
    void port_and_store_can_be_chosen() {
        assertThat(Main.Options.parse(new String[] {"--store", "h2:/tmp/bank", "--port", "9090", "--host", "0.0.0.0"}))
                .isEqualTo(new Main.Options(9090, "0.0.0.0", "h2:/tmp/bank", null, null, BankRole.ALL, null,
                        System.getenv("REWIND_ADMIN_TOKEN"), null));
    }

    @Test
    void the_admin_console_is_off_unless_a_port_is_given() {
        Main.Options options = Main.Options.parse("--admin-port", "9091", "--admin-token", "a-long-enough-token");
        assertThat(options.config().adminPort()).isEqualTo(9091);
        assertThat(options.config().adminToken()).isEqualTo("a-long-enough-token");
        assertThat(Main.Options.parse().config().adminPort()).isEqualTo(BankConfig.NO_ADMIN);
    }

    @Test
    void a_bad_command_line_says_what_is_wrong() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "http"}))
                .hasMessageContaining("--port").hasMessageContaining("'http' is not an int");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--port", "70000"}))
                .hasMessage("--port must be a number from 0 to 65535, got 70000");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--store"}))
                .hasMessageContaining("Missing required parameter for option '--store'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--verbose", "yes"}))
                .hasMessageContaining("Unknown options: '--verbose', 'yes'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--admin-port", "-5"}))
                .hasMessage("--admin-port must be a number from 0 to 65535, got -5");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--role", "read"}))
                .hasMessage("--role and --hub-events need --hub");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--hub", "tcp://h:1", "--role", "boss"}))
                .hasMessageContaining("expected one of [ALL, WRITE, READ]").hasMessageContaining("'boss'");
    }

    @Test
    void a_hub_process_finds_the_event_endpoint_on_the_next_port() {
        Main.Options options = Main.Options.parse(new String[] {"--hub", "tcp://10.0.0.5:5555", "--role", "read"});
        assertThat(options.config().hub().publishEndpoint()).isEqualTo("tcp://10.0.0.5:5556");
        assertThat(options.config().role()).isEqualTo(BankRole.READ);
    }

    @Test
    void several_hubs_are_given_comma_separated_and_the_client_knows_them_all() {
        Main.Options options = Main.Options.parse("--hub", "tcp://10.0.0.5:5555, tcp://10.0.0.6:5555",
                "--role", "write");
        assertThat(options.config().hub().hubs()).extracting(HubAddress::events)
                .containsExactly("tcp://10.0.0.5:5556", "tcp://10.0.0.6:5556");
        assertThatThrownBy(() -> Main.Options.parse("--hub", "tcp://a:5555,tcp://b:5555", "--hub-events",
                "tcp://a:7000").config()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--hub-events goes with a single --hub");
    }

    @Test
    void an_in_memory_store_is_refused_because_the_read_models_need_a_database() {
        assertThatThrownBy(() -> BankApplication.start("memory", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not memory");
    }
}
