package dev.rewind.examples.benchmarks;

import dev.rewind.eventstore.EventStoreBackend;
import dev.rewind.eventstore.EventStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh store of one kind, deleted on close: {@code mem}, {@code jdbc} (the file-backed store of
 * docs/benchmark-workload.md: the embedded store with its default durability, on the disk, in a new temporary
 * folder), {@code process} (the same with {@code durability=process}) or {@code pg} (PostgreSQL, in a new schema).
 */
final class FreshStore implements AutoCloseable {

    private final EventStoreBackend backend;
    private final Path folder;
    private final PostgresSchema schema;

    private FreshStore(EventStoreBackend backend, Path folder, PostgresSchema schema) {
        this.backend = backend;
        this.folder = folder;
        this.schema = schema;
    }

    /** A fresh store of the kind; {@code postgresUrl} is the database of {@code pg} (null for the others). */
    static FreshStore open(String kind, String postgresUrl) {
        if (kind.equals("pg")) {
            PostgresSchema schema = PostgresSchema.fresh(postgresUrl);
            try {
                // the store creates the schema the URL names
                return new FreshStore(EventStores.openBackend(schema.url()), null, schema);
            } catch (RuntimeException e) {
                schema.drop();
                throw e;
            }
        }
        return open(kind);
    }

    /** A fresh store of an in-process kind: {@code mem}, {@code jdbc} or {@code process}. */
    static FreshStore open(String kind) {
        if (kind.equals("mem")) {
            return new FreshStore(EventStores.openBackend("memory"), null, null);
        }
        try {
            Path folder = Files.createTempDirectory("rewind-bench-");
            String options = kind.equals("process") ? "?durability=process" : "";
            return new FreshStore(EventStores.openBackend("embedded:" + folder + options), folder, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the embedded store", e);
        }
    }

    EventStoreBackend backend() {
        return backend;
    }

    /** Bytes of one file of the store's folder (0 for the memory store or a missing file). */
    long fileBytes(String name) {
        try {
            return folder == null || !Files.exists(folder.resolve(name)) ? 0 : Files.size(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + name + " in " + folder, e);
        }
    }

    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            if (folder != null) {
                deleteTree(folder);
            }
            if (schema != null) {
                schema.drop();
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
