package dev.rewind.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The {@code internal} packages of framework-eventstore are not API: the examples and the other modules use only
 * the public packages ({@code dev.rewind.eventstore}, {@code dev.rewind.eventstore.readmodel}). Reads their sources
 * as text, so it needs no test dependency and sees the archetype's templates too.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ArchitectureTest {

    static final List<String> OTHER_MODULES = List.of("framework-core", "framework-bus", "examples");
    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\.rewind\\.eventstore\\.internal\\b");

    @Test
    void no_other_module_and_no_example_uses_an_internal_package_of_the_event_store() throws IOException {
        Path root = projectRoot();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (String module : OTHER_MODULES) {
            for (Path source : javaSources(root.resolve(module))) {
                scanned++;
                List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (INTERNAL.matcher(lines.get(i)).find()) {
                        offenders.add(root.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(scanned).as("Java sources found under %s in %s", OTHER_MODULES, root).isGreaterThan(50);
        assertThat(offenders).as("uses of dev.rewind.eventstore.internal outside framework-eventstore; use the public"
                + " API (dev.rewind.eventstore, dev.rewind.eventstore.readmodel) or add what is missing to it")
                .isEmpty();
    }

    /** The checkout's root: the nearest folder upwards from the working directory that holds every module. */
    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path at = dir;
            if (Files.isDirectory(dir.resolve("framework-eventstore"))
                    && OTHER_MODULES.stream().allMatch(module -> Files.isDirectory(at.resolve(module)))) {
                return dir;
            }
        }
        throw new IllegalStateException("No folder above " + Path.of("").toAbsolutePath() + " holds the modules "
                + OTHER_MODULES + "; run the test from within the Rewind checkout (mvn runs it in the module folder).");
    }

    /** Every {@code .java} file under the folder, build output ({@code target}) left out. */
    private static List<Path> javaSources(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !isBuildOutput(folder.relativize(file)))
                    .sorted().toList();
        }
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target")) {
                return true;
            }
        }
        return false;
    }
}
