package dev.rewind.cli;

import dev.rewind.core.eventstore.EventStoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The entry point of {@code rewind} ({@code java -jar rewind.jar <command> --help}): offline commands read an
 * embedded store's folder ({@code --store}), online ones a running application's admin API ({@code --url}). Exits
 * with one of {@link ExitCodes}.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Operates Rewind applications and their stores.",
            "Offline commands read an embedded store's folder (--store), also while its application runs;"
                + " online commands ask a running application's admin port (--url, --token)."},
        subcommands = {VerifyCommand.class, RepairCommand.class, StatsCommand.class, ReadCommand.class,
            TailCommand.class, BackupCommand.class, RestoreCommand.class, ProjectorsCommand.class,
            ProjectorCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n", footer = {
            "Exit codes:",
            "  0  done: nothing wrong found, the action carried out",
            "  1  the check found a problem, or the application refused or failed the action",
            "  2  bad usage: unknown option, missing or bad value, unusable folder",
            "  3  cannot reach the application, or cannot open or read the store folder",
            "  4  the admin token is missing or wrong (or the application is read-only)",
            "",
            "Environment: REWIND_STORE, REWIND_URL and REWIND_TOKEN give --store, --url and --token."})
public final class RewindCli implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private RewindCli() {
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        // the store's own log lines are for its operators; the tool says what matters itself
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool, printing to the writers given; returns its exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new RewindCli());
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((error, command, parsed) -> {
            command.getErr().println("rewind " + command.getCommandName() + ": " + message(error));
            command.getErr().flush();
            return exitCode(error);
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a command: the help, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    private static int exitCode(Exception error) {
        if (error instanceof CliException known) {
            return known.exitCode();
        }
        if (error instanceof EventStoreException) {
            return ExitCodes.UNREACHABLE;
        }
        if (error instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.PROBLEM;
    }

    private static String message(Exception error) {
        if (error instanceof CliException || error instanceof EventStoreException
                || error instanceof IllegalArgumentException) {
            return error.getMessage();
        }
        return "failed: " + error + " (a fault of the tool; please report it with the command you ran)";
    }
}
