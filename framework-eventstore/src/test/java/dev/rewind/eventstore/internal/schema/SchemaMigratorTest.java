package dev.rewind.eventstore.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SchemaMigratorTest {

    @Test
    void a_script_splits_at_semicolons_ending_a_line_and_skips_comment_lines() {
        // given
        String script = "-- a comment\nCREATE TABLE a (\n    x INT\n);\n\nINSERT INTO a VALUES (1);\n";
        // when / then
        assertThat(SchemaMigrator.statements(script)).containsExactly("CREATE TABLE a (\nx INT\n)",
                "INSERT INTO a VALUES (1)");
    }

    @Test
    void a_dollar_quoted_function_body_stays_one_statement() {
        // given
        String script = "CREATE FUNCTION f() RETURNS INT LANGUAGE plpgsql AS $$\nDECLARE\n    x INT := 1;\nBEGIN\n"
                + "    -- inside\n    RETURN x;\nEND\n$$;\nSELECT f();\n";
        // when / then
        assertThat(SchemaMigrator.statements(script)).containsExactly(
                "CREATE FUNCTION f() RETURNS INT LANGUAGE plpgsql AS $$\nDECLARE\nx INT := 1;\nBEGIN\n"
                        + "RETURN x;\nEND\n$$",
                "SELECT f()");
    }
}
