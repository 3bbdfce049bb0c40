package dev.rewind.cli;

import dev.rewind.eventstore.EmbeddedStoreCheck;
import dev.rewind.eventstore.LogReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewind repair}: cuts a closed store's log back to its intact events, with explicit consent. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Keeps positions 1 to --keep-up-to of a damaged event log and moves everything after them"
            + " into the store's quarantine folder (never deleted), for a store no process has open.",
            "--keep-up-to must be the intact position 'rewind verify' reports: it is your consent to drop every event"
                + " after it. The index files are deleted; the store rebuilds them, and sets checkpoints past the new"
                + " end back, when it next opens. Restoring the log from a backup loses less.",
            "Exits 0 when repaired (or already intact), 2 if --keep-up-to is not where the intact events end, 3 if"
                + " the store is open or cannot be read."})
final class RepairCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private OutputOptions output;
    @Option(names = "--keep-up-to", required = true, paramLabel = "<position>",
            description = "The last position to keep: the intact position 'rewind verify' reports.")
    private long keepUpTo;

    @Override
    public Integer call() {
        Path folder = store.folder();
        Path quarantine = folder.resolve("quarantine");
        Set<Path> before = Set.copyOf(list(quarantine));
        LogReport found = EmbeddedStoreCheck.verify(folder);
        LogReport repaired = EmbeddedStoreCheck.repair(folder, keepUpTo);
        List<Path> moved = list(quarantine).stream().filter(file -> !before.contains(file)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            var node = Json.MAPPER.createObjectNode();
            node.set("before", Reports.json(found));
            node.set("after", Reports.json(repaired));
            moved.forEach(file -> node.withArray("quarantined").add(file.toAbsolutePath().toString()));
            out.println(Json.pretty(node));
        } else if (found.isIntact()) {
            out.println("Nothing to repair: " + found);
        } else {
            out.println("Found: " + found);
            out.println("Kept positions 1 to " + repaired.intactPosition() + " (" + repaired.bytes() + " bytes).");
            for (Path file : moved) {
                out.println("Moved bytes " + found.intactBytes() + " to " + found.bytes() + " into " + file
                        .toAbsolutePath() + " (" + size(file) + " bytes).");
            }
            out.println("Deleted the index files; the store rebuilds them when it next opens.");
        }
        return ExitCodes.OK;
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
