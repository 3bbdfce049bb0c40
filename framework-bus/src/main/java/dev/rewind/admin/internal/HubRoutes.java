package dev.rewind.admin.internal;

import dev.rewind.bus.Hub;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/api/hub}: the endpoints of the hub this process serves (404 in a process that serves none).
 * The hub does not yet tell its clients and subscribers, so the answer says so instead of listing them.
 */
final class HubRoutes {

    private final Hub hub;

    /** @param hub the hub, or null when this process serves none */
    HubRoutes(Hub hub) {
        this.hub = hub;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/api/hub", ctx -> {
            if (hub == null) {
                throw ApiProblem.notFound("this process serves no hub; the hub's own admin port answers this");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("endpoint", hub.endpoint());
            out.put("publishEndpoint", hub.publishEndpoint());
            out.put("rewindQueryEndpoint", hub.rewindQueryEndpoint());
            out.put("rewindStreamEndpoint", hub.rewindStreamEndpoint());
            out.put("clients", null);
            out.put("clientsNote", "the hub does not list its clients and subscribers yet");
            ctx.json(out);
        });
    }
}
