package dev.rewind.cli;

import dev.rewind.eventstore.EmbeddedBackup;
import dev.rewind.eventstore.LogReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewind restore}: puts a backup into a new store folder. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a backup ('rewind backup') into a store folder that holds no store, after checking"
            + " the backup's event log whole. Then start the application on embedded:<that folder>: the store builds"
            + " its indexes on opening, and projectors without their read models in the backup rebuild them.",
            "Exits 0 when restored, 2 if the folder holds a store already or the backup is damaged, 3 if a file"
                + " cannot be read or written."})
final class RestoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private OutputOptions output;
    @Option(names = "--from", required = true, paramLabel = "<backup>", description = "The backup folder.")
    private Path backup;
    @Option(names = {"-s", "--store"}, required = true, paramLabel = "<folder>",
            description = "The store folder to restore into: new, or without a store in it.")
    private String folder;

    @Override
    public Integer call() {
        Path into = StoreFolder.named(folder);
        LogReport report = EmbeddedBackup.restore(backup, into);
        spec.commandLine().getOut().println(output.json ? Json.pretty(Reports.json(report))
                : "Restored " + backup + " into " + into + ": positions 1 to " + report.intactPosition()
                        + ". Start the application on embedded:" + into + ".");
        return ExitCodes.OK;
    }
}
