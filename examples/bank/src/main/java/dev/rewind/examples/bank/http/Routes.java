package dev.rewind.examples.bank.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Function;

/** Registers the bank's routes on Javalin as functions from a {@link Request} to a {@link Reply}. */
final class Routes {

    private final RoutesConfig routes;
    private final ObjectMapper json;

    Routes(RoutesConfig routes, ObjectMapper json) {
        this.routes = routes;
        this.json = json;
    }

    void get(String path, Function<Request, Reply> route) {
        routes.get(path, ctx -> answer(ctx, route));
    }

    void post(String path, Function<Request, Reply> route) {
        routes.post(path, ctx -> answer(ctx, route));
    }

    private void answer(Context ctx, Function<Request, Reply> route) {
        Reply reply = route.apply(new Request(ctx, json));
        ctx.status(reply.status()).json(reply.body());
    }
}
