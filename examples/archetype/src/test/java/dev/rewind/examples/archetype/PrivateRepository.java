package dev.rewind.examples.archetype;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Maven local repository in a temporary folder, holding the artifacts of this build that a generated project
 * needs, laid out as {@code mvn install} would, without touching the user's own local repository.
 */
final class PrivateRepository {

    private final Path root;

    PrivateRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Places a pom (and a jar, unless null) as {@code dev.rewind:<artifactId>:<version>}. */
    PrivateRepository install(String artifactId, String version, Path pom, Path jar) throws IOException {
        Path folder = root.resolve("dev/rewind").resolve(artifactId).resolve(version);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing; run the test through 'mvn verify' so the"
                        + " reactor packages it first");
            }
            Files.copy(jar, folder.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        return this;
    }
}
