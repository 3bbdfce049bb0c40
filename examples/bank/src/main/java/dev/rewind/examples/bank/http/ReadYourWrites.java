package dev.rewind.examples.bank.http;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.projection.ProjectionRunner;
import java.time.Duration;
import java.util.Objects;

/** Makes a query wait until the read models have caught up with a position a command reply gave out. */
final class ReadYourWrites {

    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ProjectionRunner projections;
    private final EventStore store;

    ReadYourWrites(ProjectionRunner projections, EventStore store) {
        this.projections = Objects.requireNonNull(projections, "projections must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /**
     * Waits, at most {@link #MAX_WAIT}, until every read model has processed the request's {@code ?after=} position.
     *
     * @throws HttpProblem 400 if the position is malformed or beyond the store's head, 503 if the read models did
     *     not reach it in time
     */
    void await(Request request) {
        request.after().ifPresent(position -> {
            long head = store.headPosition();
            if (position > head) {
                throw HttpProblem.badRequest("after=" + position + " is beyond the last stored position " + head);
            }
            if (!projections.awaitPosition(position, MAX_WAIT)) {
                throw new HttpProblem(503, "the read models did not reach position " + position + " within "
                        + MAX_WAIT.toSeconds() + " s; see GET /projections");
            }
        });
    }
}
