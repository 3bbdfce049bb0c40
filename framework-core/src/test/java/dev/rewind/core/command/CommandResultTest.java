package dev.rewind.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandResultTest {

    record OrderId(String value) {
    }

    @Test
    void an_answer_that_arrived_as_plain_json_values_is_converted_to_the_callers_type() {
        CommandResult remote = new CommandResult("order-1", 0, 1, 1, Map.of("value", "o-1"));

        assertThat(remote.value(OrderId.class)).isEqualTo(new OrderId("o-1"));
    }

    @Test
    void asking_for_an_answer_the_handler_never_gave_says_which_handlers_answer() {
        CommandResult result = new CommandResult("order-1", 0, 1, 1);

        assertThatThrownBy(() -> result.value(OrderId.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("order-1").hasMessageContaining("onExistingReturning");
    }

    @Test
    void an_answer_of_another_shape_names_both_types() {
        CommandResult result = new CommandResult("order-1", 0, 1, 1, "just text");

        assertThatThrownBy(() -> result.value(OrderId.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String").hasMessageContaining(OrderId.class.getName());
    }
}
