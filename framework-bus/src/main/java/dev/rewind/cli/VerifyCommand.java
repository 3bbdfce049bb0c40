package dev.rewind.cli;

import dev.rewind.eventstore.EmbeddedStoreCheck;
import dev.rewind.eventstore.LogReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rewind verify}: reads a closed store's whole log and reports every damaged range. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Reads the whole event log of a store no process has open and reports every damaged range;"
            + " changes nothing.",
            "Exits 0 if the log is intact, 1 if damage was found (then see 'rewind repair --help'), 3 if the store is"
                + " open (stop its application first) or cannot be read."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        LogReport report = EmbeddedStoreCheck.verify(store.folder());
        spec.commandLine().getOut().println(output.json ? Json.pretty(Reports.json(report)) : report.toString()
                + (report.isIntact() ? "" : System.lineSeparator() + "To keep positions 1 to "
                        + report.intactPosition() + " and move the rest into the quarantine folder: rewind repair"
                        + " --store " + store.store + " --keep-up-to " + report.intactPosition()
                        + " (restoring the log from a backup loses less)."));
        return report.isIntact() ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
