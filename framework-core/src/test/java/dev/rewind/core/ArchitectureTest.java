package dev.rewind.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core knows nothing of JDBC or ZeroMQ, its main code never reflects per message, and its {@code internal} packages
 * stay internal: no example and no other module's main code uses them.
 */
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
    void no_example_and_no_other_module_main_code_uses_an_internal_package_of_core() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources = new ArrayList<>();
        for (String folder : List.of("examples", "framework-eventstore/src/main", "framework-bus/src/main")) {
            try (Stream<Path> files = Files.walk(root.resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                        .forEach(sources::add);
            }
        }
        assertThat(sources).as("Java sources of the examples and the other modules under %s", root)
                .hasSizeGreaterThan(50);
        List<String> offenders = new ArrayList<>();
        for (Path source : sources) {
            if (Files.readString(source).contains("dev.rewind.core.internal")) {
                offenders.add(root.relativize(source).toString());
            }
        }
        assertThat(offenders).as("sources using dev.rewind.core.internal; use the public API or add what is missing"
                + " to it").isEmpty();
    }

    @Test
    void main_code_never_invokes_methods_reflectively() throws IOException {
        for (Path source : mainSources()) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("Method.invoke", ".invoke(", "getDeclaredMethods", "getMethods()");
        }
    }
}
