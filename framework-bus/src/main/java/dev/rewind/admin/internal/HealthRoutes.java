package dev.rewind.admin.internal;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.projection.ProjectionState;
import dev.rewind.core.projection.ProjectionStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health} for load balancers and probes: 200 when the store answers and every projector is live or
 * catching up, else 503 with the reasons; {@code GET /metrics}: the Prometheus text of every meter on Micrometer's
 * global registry.
 */
final class HealthRoutes {

    private final EventStore store;
    private final ProjectorRoutes projectors;
    private final PrometheusMeterRegistry prometheus;

    HealthRoutes(EventStore store, ProjectorRoutes projectors, PrometheusMeterRegistry prometheus) {
        this.store = store;
        this.projectors = projectors;
        this.prometheus = prometheus;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(prometheus.scrape()));
    }

    private void health(Context ctx) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> checks = new LinkedHashMap<>();
        try {
            checks.put("store", "open, head position " + store.headPosition());
        } catch (RuntimeException e) {
            checks.put("store", "not answering");
            problems.add("the event store does not answer: " + e.getMessage());
        }
        Map<String, Object> states = new LinkedHashMap<>();
        for (ProjectionStatus status : projectors.all()) {
            states.put(status.name(), status.state().name());
            if (status.state() == ProjectionState.FAILED) {
                problems.add("projector '" + status.name() + "' failed at position " + status.failedAt() + ": "
                        + status.lastError());
            } else if (status.state() == ProjectionState.STOPPED) {
                problems.add("projector '" + status.name() + "' is stopped");
            }
        }
        checks.put("projectors", states);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", problems.isEmpty() ? "UP" : "DOWN");
        out.put("checks", checks);
        out.put("problems", problems);
        ctx.status(problems.isEmpty() ? 200 : 503).json(out);
    }
}
