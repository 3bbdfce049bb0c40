package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rewind projector restart|skip|rebuild <name>}: the projector actions of a running application. */
@Command(name = "projector", mixinStandardHelpOptions = true,
        description = {"Acts on one projector of a running application: restart, skip or rebuild. Each action needs"
            + " the admin token (--token or REWIND_TOKEN) and is logged by the application."},
        subcommands = {ProjectorCommand.Restart.class, ProjectorCommand.Skip.class, ProjectorCommand.Rebuild.class})
final class ProjectorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** What every action shares: the application, the output and the projector's name. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        AppOptions app;
        @Mixin
        OutputOptions output;
        @Parameters(index = "0", paramLabel = "<name>", description = "The projector's name, as 'rewind projectors'"
                + " lists it.")
        String name;

        String path(String action) {
            return "/admin/api/projectors/" + AdminClient.encode(name) + "/" + action;
        }

        void print(String done, JsonNode answer) {
            spec.commandLine().getOut().println(output.json ? Json.pretty(answer)
                    : done + (answer.isEmpty() ? "" : System.lineSeparator() + Text.fields(answer)));
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restarts a stopped or failed projector from its checkpoint (it retries the failing"
                    + " event).")
    static final class Restart extends Action {
        @Override
        public Integer call() {
            print("Restarted projector " + name + ".", app.client().post(path("restart"), null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "skip", mixinStandardHelpOptions = true,
            description = "Skips the event a failed projector stopped at, with a reason the application logs, and"
                    + " restarts it after that event. --position must be the position it failed at.")
    static final class Skip extends Action {
        @Option(names = "--position", required = true, paramLabel = "<position>",
                description = "The position of the failing event, as 'rewind projectors' shows it.")
        long position;
        @Option(names = "--reason", required = true, paramLabel = "<text>",
                description = "Why it is skipped (kept in the application's log).")
        String reason;

        @Override
        public Integer call() {
            if (reason.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--reason must say why the event is skipped.");
            }
            JsonNode answer = app.client().post(path("skip"), Map.of("position", position, "reason", reason));
            print("Projector " + name + " skipped position " + position + ".", answer);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Resets a projector and rebuilds its read model from the first event while the application"
                    + " runs; --wait follows the progress until it is done.")
    static final class Rebuild extends Action {
        @Option(names = "--wait", description = "Print the progress until the rebuild is done.")
        boolean waitForIt;

        @Override
        public Integer call() throws InterruptedException {
            AdminClient client = app.client();
            JsonNode answer = client.post(path("rebuild"), null);
            spec.commandLine().getOut().println(output.json ? Json.line(answer) : "Rebuilding projector " + name
                    + (answer.hasNonNull("projector") ? " into " + answer.get("projector").asText() : "") + ": "
                    + answer.path("eventsTotal").asText("?") + " events to replay.");
            if (waitForIt) {
                return RebuildProgress.follow(client, path("rebuild"), spec.commandLine().getOut(), output.json);
            }
            return ExitCodes.OK;
        }
    }
}
