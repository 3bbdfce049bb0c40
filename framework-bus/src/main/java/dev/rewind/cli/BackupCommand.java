package dev.rewind.cli;

import dev.rewind.eventstore.BackupReport;
import dev.rewind.eventstore.EmbeddedBackup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewind backup}: copies an embedded store, also while its application runs and appends. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Backs up an embedded store into a new or empty folder, also while its application runs.",
            "The backup holds the event log up to its last whole record, each checked against its checksum: every"
                + " event acknowledged before the backup began. With the store open, that is all it holds: a store"
                + " opened from it rebuilds its indexes, and its projectors their read models, from the first event."
                + " With the store closed, the read-side database (read models, checkpoints, snapshots) is copied"
                + " too, and no process can open the store until the backup is done.",
            "Restore with 'rewind restore'. Exits 0 when done, 2 if the backup folder is not empty, 3 if the store"
                + " cannot be read or the log is damaged before its end (see 'rewind verify')."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private OutputOptions output;
    @Option(names = "--to", required = true, paramLabel = "<folder>",
            description = "The backup folder: new or empty.")
    private Path target;

    @Override
    public Integer call() {
        BackupReport report = EmbeddedBackup.copy(store.folder(), target);
        spec.commandLine().getOut().println(output.json ? Json.pretty(Reports.json(report)) : report.toString());
        return ExitCodes.OK;
    }
}
