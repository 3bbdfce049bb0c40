package dev.rewind.examples.bank.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} snippet of the README and the guide stands, verbatim, in Java code that this build compiles
 * and whose tests run it: the examples' main and test sources, and the framework's own tests (for the snippets that
 * quote them). Leading indentation and blank lines do not count; a line {@code // ...} in a snippet leaves code out,
 * and the parts around it must follow one another in one source file.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DocsSnippetsTest {

    private static final List<String> DOCUMENTS = List.of("README.md", "docs/guide.md");
    private static final List<String> HOMES = List.of("examples", "framework-core/src/test/java");
    private static final Path ROOT = repositoryRoot();

    @Test
    void every_java_snippet_of_the_readme_and_the_guide_stands_in_compiled_code() {
        // given
        Map<Path, List<String>> sources = javaSources();
        // when
        List<String> missing = new ArrayList<>();
        for (String document : DOCUMENTS) {
            for (Snippet snippet : Snippet.in(ROOT, document)) {
                if (sources.values().stream().noneMatch(snippet::standsIn)) {
                    missing.add(snippet.describe());
                }
            }
        }
        // then
        assertThat(missing).as("snippets found in none of the %d Java sources under %s (make the code say it, or"
                + " the snippet say what the code says)", sources.size(), HOMES).isEmpty();
    }

    @Test
    void the_readme_and_the_guide_have_snippets_to_check() {
        assertThat(Snippet.in(ROOT, "README.md")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(Snippet.in(ROOT, "docs/guide.md")).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void a_snippet_that_differs_by_a_word_is_not_found_and_is_named_by_its_place() {
        // given
        List<String> source = Snippet.normalized("""
                class A {
                    void run() {
                        accounts.when(new Deposit(ADA, 100))
                                .thenEvents(deposited);
                    }
                }
                """.lines().toList());
        // when
        List<Snippet> snippets = Snippet.parse("guide.md", """
                Text
                ```java
                accounts.when(new Deposit(ADA, 100))

                        .thenEvents(deposited);
                ```

                ```java
                accounts.when(new Deposit(ADA, 250))
                        .thenEvents(deposited);
                ```
                ```java
                class A {
                // ...
                }
                ```
                ```java
                }
                // ...
                class A {
                ```
                """.lines().toList());
        // then
        assertThat(snippets).extracting(snippet -> snippet.standsIn(source)).containsExactly(true, false, true,
                false);
        assertThat(snippets.get(1).describe())
                .isEqualTo("guide.md:9: accounts.when(new Deposit(ADA, 250)) / .thenEvents(deposited);");
        assertThatThrownBy(() -> Snippet.parse("guide.md", List.of("```java", "int x;")))
                .hasMessage("guide.md:1: the ```java block is not closed");
    }

    /** Every Java source under the homes' {@code src/main/java} and {@code src/test/java}, normalized. */
    private static Map<Path, List<String>> javaSources() {
        Map<Path, List<String>> sources = new LinkedHashMap<>();
        for (String home : HOMES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(home))) {
                files.filter(file -> file.toString().endsWith(".java")).filter(DocsSnippetsTest::isCompiled)
                        .forEach(file -> sources.put(file, Snippet.normalized(read(file))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /** Compiled sources only: not the archetype's templates, nor anything under {@code target}. */
    private static boolean isCompiled(Path file) {
        String path = ROOT.relativize(file).toString().replace('\\', '/');
        return (path.contains("/src/main/java/") || path.contains("/src/test/java/")) && !path.contains("/target/");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder with README.md and docs/, found upwards from where the test runs. */
    private static Path repositoryRoot() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("README.md")) && Files.isRegularFile(folder.resolve(
                    "docs/guide.md"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds README.md and"
                + " docs/guide.md");
    }
}
