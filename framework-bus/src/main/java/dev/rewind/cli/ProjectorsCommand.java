package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rewind projectors}: the running application's projectors with state, position, lag and last error. */
@Command(name = "projectors", mixinStandardHelpOptions = true,
        description = {"Lists a running application's projectors and process managers: state, position, lag and"
            + " last error. Needs no token. See 'rewind projector --help' for restart, skip and rebuild."})
final class ProjectorsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private AppOptions app;
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        JsonNode answer = app.client().get("/admin/api/projectors");
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            out.println(Json.pretty(answer));
            return ExitCodes.OK;
        }
        JsonNode projectors = answer.isArray() ? answer : answer.path("projectors");
        out.printf("%-28s %-10s %12s %10s %10s  %s%n", "NAME", "STATE", "POSITION", "LAG", "FAILED AT",
                "LAST ERROR");
        for (JsonNode projector : projectors) {
            out.printf("%-28s %-10s %12s %10s %10s  %s%n", projector.path("name").asText(),
                    field(projector, "state", "status"), field(projector, "position", "checkpoint"),
                    projector.path("lag").asText(""), field(projector, "failedAt", "failedAt"),
                    field(projector, "lastError", "error"));
        }
        return ExitCodes.OK;
    }

    private static String field(JsonNode node, String name, String otherName) {
        JsonNode value = node.hasNonNull(name) ? node.get(name) : node.path(otherName);
        return value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : Json.line(value);
    }
}
