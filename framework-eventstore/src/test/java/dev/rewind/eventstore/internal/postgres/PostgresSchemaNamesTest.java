package dev.rewind.eventstore.internal.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Which schema opening creates, read from the search path as PostgreSQL shows it. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresSchemaNamesTest {

    @Test
    void unquoted_names_fold_to_lower_case_and_quoted_ones_stay_as_they_are() {
        assertThat(PostgresSchema.entries("Bank, \"Mixed Case\", \"with \"\"quote\"\"\""))
                .containsExactly("bank", "Mixed Case", "with \"quote\"");
    }

    @Test
    void the_first_entry_other_than_the_user_placeholder_is_created() {
        assertThat(PostgresSchema.wanted("\"$user\", public", "app")).isEqualTo("public");
        assertThat(PostgresSchema.wanted("events", "app")).isEqualTo("events");
        assertThat(PostgresSchema.wanted("\"$user\"", "app")).isEqualTo("app");
    }

    @Test
    void a_created_name_is_quoted_for_sql() {
        assertThat(PostgresSchema.quoted("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
