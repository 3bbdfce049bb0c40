package dev.rewind.admin;

import dev.rewind.admin.internal.AdminApp;
import dev.rewind.core.Rewind;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.projection.ProjectionRunner;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API and web console of a Rewind application, on a port of its own: the store's summary, streams
 * and events, a live tail of the log, projectors with their actions (restart, skip, rebuild), process managers,
 * {@code /health} and {@code /metrics} (Prometheus text of Micrometer's global registry, to which the server adds a
 * Prometheus registry while it runs). Actions need the admin token given at start; without one the API is read-only.
 * The API is described in {@code docs/console.md}.
 *
 * <pre>{@code
 * try (AdminServer admin = AdminServer.builder()
 *         .runtime(rewind)
 *         .port(9090)
 *         .token(System.getenv("REWIND_ADMIN_TOKEN"))
 *         .start()) {
 *     System.out.println("Console on " + admin.uri());
 * }
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final Javalin app;
    private final PrometheusMeterRegistry prometheus;
    private final String host;

    private AdminServer(Javalin app, PrometheusMeterRegistry prometheus, String host) {
        this.app = app;
        this.prometheus = prometheus;
        this.host = host;
    }

    /** A builder; give it at least a store (or a runtime). */
    public static Builder builder() {
        return new Builder();
    }

    /** Where the console is, for example {@code http://127.0.0.1:9090/}. */
    public URI uri() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + (host.equals("0.0.0.0") ? "localhost" : shown) + ":" + app.port() + "/");
    }

    /** The port it listens on (the one chosen when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops serving and takes its Prometheus registry off the global registry. */
    @Override
    public void close() {
        app.stop();
        Metrics.globalRegistry.remove(prometheus);
        prometheus.close();
    }

    /** How to start an admin server; sealed once started. */
    public static final class Builder {

        private EventStore store;
        private ProjectionRunner projections;
        private ReplacementFactory replacements = ReplacementFactory.NONE;
        private String token;
        private String host = "127.0.0.1";
        private int port = 9090;

        private Builder() {
        }

        /** Serves a runtime: its store and its projectors. */
        public Builder runtime(Rewind rewind) {
            Objects.requireNonNull(rewind, "rewind must not be null");
            return store(rewind.store()).projections(rewind.projections());
        }

        /** The store to inspect (required unless {@link #runtime} is given). */
        public Builder store(EventStore eventStore) {
            this.store = Objects.requireNonNull(eventStore, "eventStore must not be null");
            return this;
        }

        /** The projectors to show and act on; none by default (a hub runs none). */
        public Builder projections(ProjectionRunner runner) {
            this.projections = Objects.requireNonNull(runner, "runner must not be null");
            return this;
        }

        /** Makes the fresh projectors rebuilds replay into; without it every rebuild is refused. */
        public Builder replacements(ReplacementFactory factory) {
            this.replacements = Objects.requireNonNull(factory, "factory must not be null");
            return this;
        }

        /**
         * The admin token that actions must carry as {@code Authorization: Bearer <token>}; null or blank leaves the
         * API read-only.
         *
         * @throws IllegalArgumentException if it is shorter than 12 characters (easy to guess)
         */
        public Builder token(String adminToken) {
            if (adminToken != null && !adminToken.isBlank() && adminToken.strip().length() < 12) {
                throw new IllegalArgumentException("the admin token must be at least 12 characters long, got "
                        + adminToken.strip().length() + "; generate one, for example with 'openssl rand -hex 16'");
            }
            this.token = adminToken == null || adminToken.isBlank() ? null : adminToken.strip();
            return this;
        }

        /** The address to bind: {@code 127.0.0.1} by default (this machine only); {@code 0.0.0.0} for every one. */
        public Builder host(String address) {
            this.host = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /**
         * The port; 9090 by default, 0 for any free one.
         *
         * @throws IllegalArgumentException if it is not from 0 to 65535
         */
        public Builder port(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException("the admin port must be from 0 to 65535, got " + number);
            }
            this.port = number;
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IllegalStateException if no store was given
         * @throws RuntimeException (Javalin's) if the port cannot be bound
         */
        public AdminServer start() {
            if (store == null) {
                throw new IllegalStateException("The admin server needs a store: call store(...) or runtime(...)");
            }
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Metrics.addRegistry(prometheus);
            try {
                Javalin app = AdminApp.create(store, projections, replacements, token, prometheus).start(host, port);
                AdminServer server = new AdminServer(app, prometheus, host);
                LOG.info("Admin console and API on {} ({})", server.uri(), token == null
                        ? "read-only: no admin token configured" : "actions need the admin token");
                return server;
            } catch (RuntimeException e) {
                Metrics.globalRegistry.remove(prometheus);
                prometheus.close();
                throw e;
            }
        }
    }
}
