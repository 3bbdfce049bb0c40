package dev.rewind.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.List;

/**
 * {@code GET /admin/api/log/tail?from=N}: the global log as Server-Sent Events, one {@code event} per stored event
 * (its position as the SSE id, the same JSON as {@code /admin/api/events/N} as data), from position N (default: the
 * next one to commit) on, live, through a store subscription that ends when the client goes away.
 */
final class LogTail {

    static final String PATH = "/admin/api/log/tail";

    private final EventStore store;
    private final EventJson events;
    private final ObjectMapper json;

    LogTail(EventStore store, EventJson events, ObjectMapper json) {
        this.store = store;
        this.events = events;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        // checked before the stream opens, so a bad value gets a 400 with a message rather than an empty stream
        routes.before(PATH, ctx -> from(ctx));
        routes.sse(PATH, this::tail);
    }

    private long from(Context ctx) {
        return Params.number(ctx, "from", store.headPosition() + 1, 1, Long.MAX_VALUE);
    }

    private void tail(SseClient client) {
        long from = from(client.ctx());
        client.keepAlive();
        client.sendComment("tailing the log from position " + from);
        Subscription subscription = store.subscribe(from, EventFilter.all(), batch -> send(client, batch));
        client.onClose(subscription::close);
    }

    private void send(SseClient client, List<RecordedEvent> batch) throws Exception {
        for (RecordedEvent event : batch) {
            if (client.terminated()) {
                throw new IllegalStateException("the tail's client went away");
            }
            client.sendEvent("event", json.writeValueAsString(events.event(event)),
                    Long.toString(event.globalPosition()));
        }
    }
}
