package dev.rewind.examples.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.Rewind;
import dev.rewind.eventstore.EventStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates bounded contexts with the archetype into an existing multi-module project whose POM has nothing but its
 * modules, as the README says, then builds that project and runs the generated tests. Maven runs as a child process
 * on a private local repository that holds this build's archetype, framework-core and framework-eventstore;
 * everything else it reads from the build's own local repository first, so the test runs offline once the build has.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ContextArchetypeIT {

    private static final String VERSION = System.getProperty("rewind.version");
    private static final Path ROOT = Path.of(System.getProperty("rewind.root"));
    private static final Pattern PINNED_PLUGIN =
            Pattern.compile("<artifactId>(maven-[a-z-]+-plugin)</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern TESTS_PASSED =
            Pattern.compile("(?m)^\\[INFO] Tests run: 6, Failures: 0, Errors: 0, Skipped: 0$");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void generated_contexts_join_a_plain_project_build_and_pass_their_tests() throws Exception {
        // given: an existing project with only its modules, and a private repository with this build's artifacts
        PrivateRepository repository = new PrivateRepository(work.resolve("repository"))
                .install("rewind-parent", VERSION, ROOT.resolve("pom.xml"), null)
                .install("examples", VERSION, ROOT.resolve("examples/pom.xml"), null)
                .install("framework-core", VERSION, ROOT.resolve("framework-core/pom.xml"), jarOf(Rewind.class))
                .install("framework-eventstore", VERSION, ROOT.resolve("framework-eventstore/pom.xml"),
                        jarOf(EventStores.class))
                .install("rewind-context-archetype", VERSION, Path.of(System.getProperty("archetype.pom")),
                        Path.of(System.getProperty("archetype.jar")));
        Path shop = Files.createDirectories(work.resolve("shop"));
        Files.writeString(shop.resolve("pom.xml"), resource("shop-pom.xml"));
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, resource("settings.xml").replace("BUILD_REPOSITORY_URL",
                Path.of(System.getProperty("build.repository")).toUri().toString()));
        // when: one context takes the parent's version, the other is given its own
        Result orders = generate(shop, settings, repository, "orders", "Orders", "Order");
        Result billing = generate(shop, settings, repository, "billing", "Billing", "Invoice", "-Dversion=0.9.0");
        Result built = orders.exitCode() == 0 && billing.exitCode() == 0
                ? maven(shop, settings, repository, "verify") : orders.exitCode() != 0 ? orders : billing;
        // then
        assertThat(orders.exitCode()).as(orders.output()).isZero();
        assertThat(billing.exitCode()).as(billing.output()).isZero();
        assertThat(Files.readString(shop.resolve("pom.xml"))).contains("<module>orders</module>",
                "<module>billing</module>");
        Path sources = shop.resolve("orders/src/main/java/com/example/orders");
        assertThat(sources.resolve("OrdersModule.java")).exists();
        assertThat(sources.resolve("domain/Order.java")).exists();
        assertThat(sources.resolve("domain/CreateOrder.java")).exists();
        assertThat(sources.resolve("domain/OrderCreated.java")).exists();
        assertThat(sources.resolve("projection/OrderProjector.java")).content().contains("extends JdbcProjector",
                "ownsTable(\"order_views\"", "public Optional<OrderView> find(OrderId id)");
        assertThat(shop.resolve("orders/src/test/java/com/example/orders/projection/OrderProjectorTest.java"))
                .content().contains("EventStores.testDatabase()");
        assertThat(articlesBeforeNames(shop, "Order", "Invoice")).isEmpty();
        assertThat(built.exitCode()).as(built.output()).isZero();
        assertThat(TESTS_PASSED.matcher(built.output()).results().count()).as(built.output()).isEqualTo(2);
        assertThat(shop.resolve("orders/target/orders-3.2.0-SNAPSHOT.jar")).as("the parent's version").exists();
        assertThat(shop.resolve("billing/target/billing-0.9.0.jar")).as("the version given").exists();
    }

    @Test
    void the_generated_pom_pins_each_plugin_at_the_version_this_build_uses_and_downloaded() throws IOException {
        Map<String, String> generated = pinnedPlugins(resource("archetype-resources/pom.xml"));
        Map<String, String> build = pinnedPlugins(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(generated).containsKeys("maven-resources-plugin", "maven-compiler-plugin",
                "maven-surefire-plugin", "maven-jar-plugin");
        generated.forEach((plugin, version) -> assertThat(build).as(plugin).containsEntry(plugin, version));
    }

    private Result generate(Path shop, Path settings, PrivateRepository repository, String artifactId,
            String context, String aggregate, String... more) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("org.apache.maven.plugins:maven-archetype-plugin:"
                + System.getProperty("archetype.plugin.version") + ":generate",
                "-DarchetypeGroupId=dev.rewind", "-DarchetypeArtifactId=rewind-context-archetype",
                "-DarchetypeVersion=" + VERSION, "-DarchetypeCatalog=local", "-DinteractiveMode=false",
                "-DgroupId=com.example", "-DartifactId=" + artifactId, "-Dpackage=com.example." + artifactId,
                "-Dcontext=" + context, "-Daggregate=" + aggregate));
        arguments.addAll(List.of(more));
        return maven(shop, settings, repository, arguments.toArray(String[]::new));
    }

    /** The places in the generated files where an article stands before an aggregate's name ("a Order"). */
    private static List<String> articlesBeforeNames(Path project, String... names) throws IOException {
        Pattern article = Pattern.compile("\\b(?:[Aa]n?) (?:" + String.join("|", names) + ")\\b");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(project)) {
            files.filter(file -> file.toString().endsWith(".java") || file.endsWith("pom.xml")).forEach(file -> {
                Matcher matcher = article.matcher(read(file));
                while (matcher.find()) {
                    found.add(project.relativize(file) + ": " + matcher.group());
                }
            });
        }
        return found;
    }

    private static Map<String, String> pinnedPlugins(String pom) {
        Map<String, String> plugins = new TreeMap<>();
        PINNED_PLUGIN.matcher(pom).results().forEach(pin -> plugins.put(pin.group(1), pin.group(2)));
        return plugins;
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ContextArchetypeIT.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
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
