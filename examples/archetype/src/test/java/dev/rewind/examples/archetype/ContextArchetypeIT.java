package dev.rewind.examples.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a bounded context with the archetype into an existing multi-module project, as the README says, then
 * builds that project and runs the generated test. Maven runs as a child process on a private local repository
 * that holds this build's archetype and framework-core; everything else it reads from the build's own local
 * repository first, so the test runs offline once the build has.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ContextArchetypeIT {

    private static final String VERSION = System.getProperty("rewind.version");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void a_generated_context_joins_the_project_compiles_and_passes_its_test() throws Exception {
        // given: an existing project, and a private repository with this build's artifacts
        Path rewindRoot = Path.of(System.getProperty("rewind.root"));
        PrivateRepository repository = new PrivateRepository(work.resolve("repository"))
                .install("rewind-parent", VERSION, rewindRoot.resolve("pom.xml"), null)
                .install("examples", VERSION, rewindRoot.resolve("examples/pom.xml"), null)
                .install("framework-core", VERSION, rewindRoot.resolve("framework-core/pom.xml"), frameworkCoreJar())
                .install("rewind-context-archetype", VERSION, Path.of(System.getProperty("archetype.pom")),
                        Path.of(System.getProperty("archetype.jar")));
        Path shop = Files.createDirectories(work.resolve("shop"));
        Files.writeString(shop.resolve("pom.xml"), resource("shop-pom.xml"));
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, resource("settings.xml").replace("BUILD_REPOSITORY_URL",
                Path.of(System.getProperty("build.repository")).toUri().toString()));
        // when
        Result generated = maven(shop, settings, repository,
                "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("archetype.plugin.version")
                        + ":generate",
                "-DarchetypeGroupId=dev.rewind", "-DarchetypeArtifactId=rewind-context-archetype",
                "-DarchetypeVersion=" + VERSION, "-DarchetypeCatalog=local", "-DinteractiveMode=false",
                "-DgroupId=com.example", "-DartifactId=orders", "-Dversion=1.0-SNAPSHOT",
                "-Dpackage=com.example.orders", "-Dcontext=Orders", "-Daggregate=Order");
        Result built = generated.exitCode() == 0 ? maven(shop, settings, repository, "verify") : generated;
        // then
        assertThat(generated.exitCode()).as(generated.output()).isZero();
        assertThat(Files.readString(shop.resolve("pom.xml"))).contains("<module>orders</module>");
        Path sources = shop.resolve("orders/src/main/java/com/example/orders");
        assertThat(sources.resolve("OrdersModule.java")).exists();
        assertThat(sources.resolve("domain/Order.java")).exists();
        assertThat(sources.resolve("domain/CreateOrder.java")).exists();
        assertThat(sources.resolve("domain/OrderCreated.java")).exists();
        assertThat(sources.resolve("projection/OrderProjector.java")).exists();
        assertThat(built.exitCode()).as(built.output()).isZero();
        assertThat(built.output()).contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
    }

    private static Path frameworkCoreJar() throws URISyntaxException {
        return Path.of(Rewind.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ContextArchetypeIT.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Result maven(Path directory, Path settings, PrivateRepository repository, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn")
                .toString(), "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repository.root()));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(work, "maven", ".log");
        Process maven = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!maven.waitFor(3, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " did not finish in 3 minutes:\n"
                    + Files.readString(log));
        }
        return new Result(maven.exitValue(), Files.readString(log));
    }

    /**
     * How a Maven run ended.
     *
     * @param exitCode its exit code
     * @param output everything it printed
     */
    private record Result(int exitCode, String output) {
    }
}
