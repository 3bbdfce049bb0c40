package dev.rewind.cli;

import dev.rewind.eventstore.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder an {@code --store} value names: {@code embedded:<folder>}, {@code h2:<folder>} or a plain path. */
final class StoreFolder {

    private StoreFolder() {
    }

    /**
     * The folder of an embedded store.
     *
     * @throws CliException (usage) for the memory or PostgreSQL store, or a folder that does not exist
     */
    static Path of(String store) {
        Path folder = named(store);
        if (!Files.isDirectory(folder)) {
            throw new CliException(ExitCodes.USAGE, "The store folder " + folder.toAbsolutePath() + " does not exist;"
                    + " name the folder of embedded:<folder> (where rewind-events.log is).");
        }
        return folder;
    }

    /**
     * The folder a value names, which need not exist yet.
     *
     * @throws CliException (usage) for the memory or PostgreSQL store
     */
    static Path named(String store) {
        Path folder;
        if (store.startsWith("embedded:") || store.startsWith("h2:") || store.equals("embedded")) {
            StoreConfig config;
            try {
                config = StoreConfig.parse(store);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
            folder = Path.of(config.location());
        } else if (store.equals("memory") || store.startsWith("jdbc:")) {
            throw new CliException(ExitCodes.USAGE, "--store " + store + " is not an embedded store's folder; this"
                    + " command reads the files of embedded:<folder>. For PostgreSQL use the database's own tools, or"
                    + " --url with the application's admin port.");
        } else {
            folder = Path.of(store);
        }
        return folder;
    }
}
