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
 * A fresh store of one kind, deleted on close: {@code mem}, {@code jdbc} (WORKLOAD.md's file-backed store: the
 * embedded store with its default durability, on the disk, in a new temporary folder) or {@code process} (the same
 * with {@code durability=process}).
 */
final class FreshStore implements AutoCloseable {

    private final EventStoreBackend backend;
    private final Path folder;

    private FreshStore(EventStoreBackend backend, Path folder) {
        this.backend = backend;
        this.folder = folder;
    }

    static FreshStore open(String kind) {
        if (kind.equals("mem")) {
            return new FreshStore(EventStores.openBackend("memory"), null);
        }
        try {
            Path folder = Files.createTempDirectory("rewind-bench-");
            String options = kind.equals("process") ? "?durability=process" : "";
            return new FreshStore(EventStores.openBackend("embedded:" + folder + options), folder);
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
        backend.close();
        if (folder != null) {
            deleteTree(folder);
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
