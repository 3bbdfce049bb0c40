package dev.rewind.examples.bank.http;

import dev.rewind.core.projection.ProjectionRunner;
import dev.rewind.core.projection.ProjectionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /projections}: name, position, lag, state and error (if failed) of every projector and process. */
final class ProjectionRoutes implements Route {

    private final ProjectionRunner projections;

    ProjectionRoutes(ProjectionRunner projections) {
        this.projections = projections;
    }

    @Override
    public Reply handle(Request request) {
        if (request.path().size() != 1 || !request.method().equals("GET")) {
            throw Route.noSuchResource(request);
        }
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (ProjectionStatus status : projections.status()) {
            statuses.add(Reply.object("name", status.name(), "servedBy", status.servedBy(), "position",
                    status.position(), "lag", status.lag(),
                    "state", status.state(), "error", status.lastError()));
        }
        return Reply.ok(statuses);
    }
}
