package dev.rewind.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core knows nothing of JDBC or ZeroMQ, and its main code never reflects per message. */
class ArchitectureTest {

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void core_imports_no_storage_or_transport_technology() throws IOException {
        List<Path> sources = mainSources();
        assertThat(sources).hasSizeGreaterThan(40);
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("import java.sql", "import javax.sql", "import org.h2", "import com.zaxxer",
                            "import org.zeromq", "import org.postgresql");
        }
    }

    @Test
    void main_code_never_invokes_methods_reflectively() throws IOException {
        for (Path source : mainSources()) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("Method.invoke", ".invoke(", "getDeclaredMethods", "getMethods()");
        }
    }
}
