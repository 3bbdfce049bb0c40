package dev.rewind.admin.internal;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an action (any {@code POST}) through only with {@code Authorization: Bearer <token>} matching the admin token
 * the server started with; without a configured token the API is read-only. Every action tried is logged, allowed or
 * not, with where it came from.
 */
final class ActionGuard {

    private static final Logger LOG = LoggerFactory.getLogger("dev.rewind.admin.actions");

    private final byte[] token;

    /** @param token the admin token, or null for a read-only API */
    ActionGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean readOnly() {
        return token == null;
    }

    /** Checks a request before its handler; lets everything but actions through. */
    void check(Context ctx) {
        if (ctx.method() != HandlerType.POST) {
            return;
        }
        String what = ctx.method() + " " + ctx.path() + " from " + ctx.ip();
        if (token == null) {
            LOG.warn("Refused admin action {}: no admin token is configured, so the API is read-only", what);
            throw new ApiProblem(403, "this admin API is read-only: no admin token was configured at start. Start"
                    + " the server with one (AdminServer.builder().token(...), or --admin-token for the sample bank)"
                    + " and send it as 'Authorization: Bearer <token>'.");
        }
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        byte[] given = header != null && header.startsWith(prefix)
                ? header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8) : null;
        if (given == null || !MessageDigest.isEqual(given, token)) {
            LOG.warn("Refused admin action {}: {}", what, given == null ? "no bearer token" : "wrong token");
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiProblem(401, (given == null ? "this action needs the admin token" : "the admin token is"
                    + " wrong") + ": send 'Authorization: Bearer <token>' with the token the server was started with.");
        }
        LOG.info("Admin action {}", what);
    }

    /** Logs what an allowed action did. */
    static void done(Context ctx, String outcome) {
        LOG.info("Admin action {} {} from {}: {}", ctx.method(), ctx.path(), ctx.ip(), outcome);
    }
}
