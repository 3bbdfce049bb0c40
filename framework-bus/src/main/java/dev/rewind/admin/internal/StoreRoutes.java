package dev.rewind.admin.internal;

import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.StoreInspector;
import dev.rewind.core.eventstore.StoreSummary;
import dev.rewind.core.eventstore.StreamPage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only store routes: summary, streams, a stream's events, one event and pages of the global log. Paged
 * answers carry the parameter value that reads the next page ({@code nextAfter}, {@code nextFrom}), null at the end.
 */
final class StoreRoutes {

    static final int MAX_EVENTS = 1_000;
    private static final int DEFAULT_EVENTS = 100;

    private final EventStore store;
    private final EventJson events;

    StoreRoutes(EventStore store, EventJson events) {
        this.store = store;
        this.events = events;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/api/store", this::summary);
        routes.get("/admin/api/streams", this::streams);
        routes.get("/admin/api/streams/{id}/events", this::streamEvents);
        routes.get("/admin/api/events/{position}", this::event);
        routes.get("/admin/api/log", this::log);
    }

    private void summary(Context ctx) {
        StoreSummary summary = store.summary();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend", summary.backend());
        out.put("headPosition", summary.headPosition());
        out.put("streamCount", summary.streamCount());
        out.put("eventCount", summary.eventCount());
        out.put("bytesOnDisk", summary.bytesOnDisk());
        out.put("durability", summary.durability());
        ctx.json(out);
    }

    private void streams(Context ctx) {
        int limit = (int) Params.number(ctx, "limit", 100, 1, StoreInspector.MAX_STREAMS_PER_PAGE);
        StreamPage page;
        try {
            page = store.listStreams(Params.text(ctx, "prefix"), Params.text(ctx, "after"), limit);
        } catch (UnsupportedOperationException e) {
            throw new ApiProblem(501, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("streams", page.streams());
        out.put("hasMore", page.hasMore());
        out.put("nextAfter", page.nextAfter().orElse(null));
        ctx.json(out);
    }

    private void streamEvents(Context ctx) {
        String streamId = ctx.pathParam("id");
        long from = Params.number(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", DEFAULT_EVENTS, 1, MAX_EVENTS);
        List<RecordedEvent> found = store.readStream(streamId, from, limit + 1);
        if (found.isEmpty() && from == 0) {
            throw ApiProblem.notFound("stream '" + streamId + "' has no events; list the streams with GET"
                    + " /admin/api/streams?prefix=...");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("streamId", streamId);
        out.put("events", events.events(found.subList(0, Math.min(limit, found.size()))));
        out.put("nextFrom", found.size() > limit ? found.get(limit).streamVersion() : null);
        ctx.json(out);
    }

    private void event(Context ctx) {
        long head = store.headPosition();
        long position = Params.pathNumber(ctx, "position", 1, Long.MAX_VALUE);
        List<RecordedEvent> found = position > head ? List.of() : store.readAll(position, 1, EventFilter.all());
        if (found.isEmpty() || found.get(0).globalPosition() != position) {
            throw ApiProblem.notFound("no event at position " + position + "; the log holds positions 1 to " + head);
        }
        ctx.json(events.event(found.get(0)));
    }

    private void log(Context ctx) {
        long from = Params.number(ctx, "from", 1, 1, Long.MAX_VALUE);
        int limit = (int) Params.number(ctx, "limit", DEFAULT_EVENTS, 1, MAX_EVENTS);
        List<RecordedEvent> found = store.readAll(from, limit, EventFilter.all());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("headPosition", store.headPosition());
        out.put("events", events.events(found));
        out.put("nextFrom", found.size() == limit ? found.get(limit - 1).globalPosition() + 1 : null);
        ctx.json(out);
    }
}
