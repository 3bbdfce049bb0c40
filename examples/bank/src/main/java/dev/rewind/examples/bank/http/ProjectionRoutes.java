package dev.rewind.examples.bank.http;

import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.ProjectionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /projections}: name, position, lag, state and error (if failed) of every projector and process. */
final class ProjectionRoutes {

    private final ProjectionRunner projections;

    ProjectionRoutes(ProjectionRunner projections) {
        this.projections = projections;
    }

    void register(Routes routes) {
        routes.get("/projections", request -> {
            List<Map<String, Object>> statuses = new ArrayList<>();
            for (ProjectionStatus status : projections.status()) {
                statuses.add(Reply.object("name", status.name(), "servedBy", status.servedBy(), "position",
                        status.position(), "lag", status.lag(),
                        "state", status.state(), "error", status.lastError()));
            }
            return Reply.ok(statuses);
        });
    }
}
