package dev.rewind.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.admin.ReplacementFactory;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.PartitionStatus;
import dev.rewind.core.projection.ProjectionStatus;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.projection.Rebuild;
import dev.rewind.core.projection.RebuildProgress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projector routes: their status, and the actions restart, skip and rebuild (through {@link ActionGuard}); the
 * process managers among them. A runner's refusals ({@code IllegalArgumentException} for an unknown name,
 * {@code IllegalStateException} for an action that does not fit the state) become 404 and 409 with its message.
 */
final class ProjectorRoutes {

    private final ProjectionRunner runner;
    private final ReplacementFactory replacements;
    private final ObjectMapper json;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();

    /** @param runner the runner, or null when this process runs no projectors */
    ProjectorRoutes(ProjectionRunner runner, ReplacementFactory replacements, ObjectMapper json) {
        this.runner = runner;
        this.replacements = replacements;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/api/projectors", ctx -> ctx.json(statuses(false)));
        routes.get("/admin/api/projectors/{name}", ctx -> ctx.json(status(runner().status(name(ctx)))));
        routes.post("/admin/api/projectors/{name}/restart", this::restart);
        routes.post("/admin/api/projectors/{name}/skip", this::skip);
        routes.post("/admin/api/projectors/{name}/rebuild", this::rebuild);
        routes.get("/admin/api/projectors/{name}/rebuild", ctx -> ctx.json(progress(rebuildOf(name(ctx)))));
        routes.get("/admin/api/processes", ctx -> ctx.json(processes()));
    }

    /** The statuses, or none when this process runs no projectors. */
    List<ProjectionStatus> all() {
        return runner == null ? List.of() : runner.status();
    }

    private List<Map<String, Object>> statuses(boolean processesOnly) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProjectionStatus status : all()) {
            if (!processesOnly || isProcess(status.name())) {
                out.add(status(status));
            }
        }
        return out;
    }

    private Map<String, Object> status(ProjectionStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", status.name());
        out.put("servedBy", status.servedBy());
        out.put("state", status.state().name());
        out.put("position", status.position());
        out.put("headPosition", status.headPosition());
        out.put("lag", status.lag());
        out.put("lastError", status.lastError());
        out.put("failedAt", status.failedAt() == 0 ? null : status.failedAt());
        out.put("skipped", status.skipped());
        out.put("partitions", partitions(status));
        out.put("process", isProcess(status.name()));
        Rebuild rebuild = rebuilds.get(status.name());
        out.put("rebuild", rebuild == null ? null : progress(rebuild));
        return out;
    }

    /** Each partition's holder (null for none), position and lag; empty for a projector of one partition. */
    private static List<Map<String, Object>> partitions(ProjectionStatus status) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PartitionStatus partition : status.partitions()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("partition", partition.partition());
            one.put("holder", partition.holder().isEmpty() ? null : partition.holder());
            one.put("position", partition.position());
            one.put("lag", partition.lag());
            out.add(one);
        }
        return out;
    }

    private boolean isProcess(String name) {
        return runner.projector(name, Projector.class) instanceof ProcessManager;
    }

    private Map<String, Object> processes() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("processManagers", statuses(true));
        out.put("pendingDeadlines", null);
        out.put("deadlinesNote", "pending deadlines are kept by the runtime's deadline store, which has no public"
                + " listing yet; they are in the store's deadline-<key> streams"
                + " (GET /admin/api/streams?prefix=deadline-)");
        return out;
    }

    private void restart(Context ctx) {
        String name = name(ctx);
        act(() -> runner().restart(name));
        ActionGuard.done(ctx, "restarted projector '" + name + "'");
        ctx.json(status(runner.status(name)));
    }

    private void skip(Context ctx) {
        String name = name(ctx);
        JsonNode body = body(ctx);
        JsonNode position = body.get("position");
        JsonNode reason = body.get("reason");
        if (position == null || !position.canConvertToLong() || !position.isIntegralNumber()) {
            throw ApiProblem.badRequest("the body needs \"position\": the whole-number position the projector failed"
                    + " at (its failedAt in GET /admin/api/projectors)");
        }
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            throw ApiProblem.badRequest("the body needs \"reason\": why the event may be skipped; it is recorded in"
                    + " the projector's status");
        }
        act(() -> runner().skip(name, position.asLong(), reason.asText()));
        ActionGuard.done(ctx, "skipped position " + position.asLong() + " of projector '" + name + "' because: "
                + reason.asText());
        ctx.json(status(runner.status(name)));
    }

    private void rebuild(Context ctx) {
        String name = name(ctx);
        runner().status(name);
        Projector replacement = replacements.replacementFor(name).orElseThrow(() -> ApiProblem.conflict(
                "projector '" + name + "' cannot be rebuilt here: the application gave the admin server no"
                        + " replacement for it (AdminServer.builder().replacements(...))"));
        Rebuild[] started = new Rebuild[1];
        act(() -> started[0] = runner.rebuild(name, replacement));
        rebuilds.put(name, started[0]);
        ActionGuard.done(ctx, "rebuilding projector '" + name + "' into '" + replacement.name() + "'");
        ctx.status(202).json(progress(started[0]));
    }

    private Rebuild rebuildOf(String name) {
        runner().status(name);
        Rebuild rebuild = rebuilds.get(name);
        if (rebuild == null) {
            throw ApiProblem.notFound("no rebuild of '" + name + "' was started through this admin server; start"
                    + " one with POST /admin/api/projectors/" + name + "/rebuild");
        }
        return rebuild;
    }

    private static Map<String, Object> progress(Rebuild rebuild) {
        RebuildProgress progress = rebuild.progress();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("projector", progress.projector());
        out.put("eventsDone", progress.eventsDone());
        out.put("eventsTotal", progress.eventsTotal());
        out.put("eventsPerSecond", Math.round(progress.eventsPerSecond()));
        out.put("timeLeftMillis", progress.timeLeft().toMillis());
        out.put("switched", progress.switched() && !rebuild.switched().isCompletedExceptionally());
        out.put("error", failure(rebuild));
        return out;
    }

    private static String failure(Rebuild rebuild) {
        if (!rebuild.switched().isCompletedExceptionally()) {
            return null;
        }
        try {
            rebuild.switched().join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } catch (CancellationException e) {
            return "the rebuild was cancelled (the runner closed)";
        }
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException e) {
            // reported below
        }
        throw ApiProblem.badRequest("the body must be a JSON object, for example {\"position\": 42, \"reason\":"
                + " \"a corrupt event, fixed upstream\"}");
    }

    private ProjectionRunner runner() {
        if (runner == null) {
            throw ApiProblem.notFound("this process runs no projectors");
        }
        return runner;
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }

    /** Runs a runner action, turning its refusals into 404 (unknown name) and 409 (wrong state). */
    private static void act(Runnable action) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw refused(e);
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }

    /** A runner's {@code IllegalArgumentException}: 404 for a name it does not know, 400 otherwise. */
    static ApiProblem refused(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("No projector is named") ? ApiProblem.notFound(message)
                : ApiProblem.badRequest(message);
    }
}
