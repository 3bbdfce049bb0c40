package dev.rewind.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.admin.ReplacementFactory;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.projection.ProjectionRunner;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the admin server's Javalin app: the API routes, the guard on actions, the errors, and the console. */
public final class AdminApp {

    /** Where the console's files are on the classpath. */
    public static final String CONSOLE = "/dev/rewind/admin/console";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApp.class);

    private AdminApp() {
    }

    /**
     * A Javalin app, not started, serving the store, the runner (null for none) and the metrics.
     *
     * @param token the admin token, or null for a read-only API
     */
    public static Javalin create(EventStore store, ProjectionRunner runner, ReplacementFactory replacements,
            String token, PrometheusMeterRegistry prometheus) {
        ObjectMapper json = new ObjectMapper();
        EventJson events = new EventJson(json);
        ActionGuard guard = new ActionGuard(token);
        ProjectorRoutes projectors = new ProjectorRoutes(runner, replacements, json);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = CONSOLE;
                files.location = Location.CLASSPATH;
            });
            config.routes.before("/admin/api/*", guard::check);
            config.routes.get("/admin/api", ctx -> ctx.json(Map.of("readOnly", guard.readOnly())));
            new StoreRoutes(store, events).register(config.routes);
            new LogTail(store, events, json).register(config.routes);
            projectors.register(config.routes);
            new HealthRoutes(store, projectors, prometheus).register(config.routes);
            config.routes.exception(ApiProblem.class, (problem, ctx) -> ctx.status(problem.status())
                    .json(Map.of("error", problem.getMessage())));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> {
                ApiProblem problem = ProjectorRoutes.refused(e);
                ctx.status(problem.status()).json(Map.of("error", problem.getMessage()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error (" + e + "); the server's log has the"
                        + " details"));
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.path().startsWith("/admin/api") && !ctx.result().startsWith("{")) {
                    ctx.json(Map.of("error", "no such resource: " + ctx.method() + " " + ctx.path()
                            + "; the API is under /admin/api (see docs/console.md)"));
                }
            });
        });
    }
}
