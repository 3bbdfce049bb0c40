package dev.rewind.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fixtures ship in main code to users of any test framework, so they use none. */
class TestingPackageTest {

    @Test
    void the_fixtures_import_no_test_framework() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/rewind/core/testing"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).extracting(p -> p.getFileName().toString())
                .contains("AggregateFixture.java", "ProcessFixture.java", "ProjectorFixture.java");
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("import org.junit", "import org.assertj", "import org.hamcrest",
                            "import org.opentest4j", "import org.mockito");
        }
    }
}
