package dev.rewind.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
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
 * Keeps {@code dev.rewind.bus.internal} internal: no other module's code names it, and no public type of the public
 * packages shows an internal type in a public or protected signature (so users never need one).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ArchitectureTest {

    private static final String INTERNAL = "dev.rewind.bus.internal";
    private static final Pattern NAMES_INTERNAL = Pattern.compile("\\bdev\\.rewind\\.bus\\.internal\\b");
    private static final Path MAIN_CLASSES = Path.of("target", "classes");
    /** The project's other modules, seen from this module's folder (where Maven runs its tests). */
    private static final List<Path> OTHER_MODULES = List.of(Path.of("..", "framework-core"),
            Path.of("..", "framework-eventstore"), Path.of("..", "examples"));

    @Test
    void no_other_module_names_the_bus_internals() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (Path module : OTHER_MODULES) {
            assertThat(module).as("module folder " + module.toAbsolutePath()).isDirectory();
            try (Stream<Path> files = Files.walk(module)) {
                for (Path file : files.filter(ArchitectureTest::isSource).toList()) {
                    scanned++;
                    if (NAMES_INTERNAL.matcher(Files.readString(file, StandardCharsets.UTF_8)).find()) {
                        offenders.add(file.toString());
                    }
                }
            }
        }
        assertThat(scanned).as("source files scanned in the other modules").isGreaterThan(50);
        assertThat(offenders).as("files outside framework-bus that use " + INTERNAL).isEmpty();
    }

    @Test
    void public_signatures_of_the_public_packages_show_no_internal_type() throws Exception {
        List<String> offenders = new ArrayList<>();
        List<Class<?>> api = publicApiClasses();
        assertThat(api).extracting(Class::getSimpleName).contains("Hub", "RemoteEventStore", "ZmqCommandGateway");
        for (Class<?> type : api) {
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    check(method, method.getGenericReturnType(), offenders);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())) {
                    check(constructor, null, offenders);
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && field.getGenericType().getTypeName().contains(INTERNAL)) {
                    offenders.add(type.getName() + "." + field.getName());
                }
            }
            for (Type parent : Stream.concat(Stream.of(type.getGenericSuperclass()),
                    Stream.of(type.getGenericInterfaces())).toList()) {
                if (parent != null && parent.getTypeName().contains(INTERNAL)) {
                    offenders.add(type.getName() + " extends " + parent.getTypeName());
                }
            }
        }
        assertThat(offenders).as("public API members that expose " + INTERNAL).isEmpty();
    }

    private static void check(Executable member, Type returned, List<String> offenders) {
        List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
        types.addAll(List.of(member.getGenericExceptionTypes()));
        if (returned != null) {
            types.add(returned);
        }
        for (Type type : types) {
            if (type.getTypeName().contains(INTERNAL)) {
                offenders.add(member.toGenericString());
            }
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Class<?>> publicApiClasses() throws IOException, ClassNotFoundException {
        Path root = MAIN_CLASSES.resolve(Path.of("dev", "rewind", "bus"));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = MAIN_CLASSES.relativize(file).toString().replace(file.getFileSystem().getSeparator(),
                        ".").replaceAll("\\.class$", "");
                if (!name.startsWith(INTERNAL + ".") && !name.endsWith("package-info")) {
                    Class<?> type = Class.forName(name, false, ArchitectureTest.class.getClassLoader());
                    if (Modifier.isPublic(type.getModifiers())) {
                        classes.add(type);
                    }
                }
            }
        }
        return classes;
    }

    private static boolean isSource(Path file) {
        String name = file.toString();
        return name.endsWith(".java") && !name.contains(file.getFileSystem().getSeparator() + "target"
                + file.getFileSystem().getSeparator());
    }
}
