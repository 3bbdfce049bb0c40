package dev.rewind.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store}: the embedded store's folder, read from its files. */
final class StoreOptions {

    @Option(names = {"-s", "--store"}, paramLabel = "<store>", defaultValue = "${env:REWIND_STORE}",
            description = "The embedded store: embedded:<folder> or the folder itself (default: $REWIND_STORE).")
    String store;

    boolean given() {
        return store != null && !store.isBlank();
    }

    /** The folder; a usage error if none was given. */
    Path folder() {
        if (!given()) {
            throw new CliException(ExitCodes.USAGE, "Name the store with --store <folder> (or embedded:<folder>), or"
                    + " set REWIND_STORE.");
        }
        return StoreFolder.of(store);
    }
}
