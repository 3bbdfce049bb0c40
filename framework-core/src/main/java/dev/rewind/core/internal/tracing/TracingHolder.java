package dev.rewind.core.internal.tracing;

import dev.rewind.core.event.Metadata;
import java.util.Collection;

/** Chooses the tracing once: OpenTelemetry's if its API can be loaded. */
final class TracingHolder {

    static final Tracing TRACING = choose();

    private TracingHolder() {
    }

    private static Tracing choose() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, TracingHolder.class.getClassLoader());
            return new OpenTelemetryTracing();
        } catch (ClassNotFoundException | LinkageError absent) {
            return new NoTracing();
        }
    }

    /** Spans that do nothing, for an application without OpenTelemetry. */
    static final class NoTracing implements Tracing {

        private static final Span NONE = new Span() {
            @Override
            public void failed(Throwable error) {
            }

            @Override
            public Metadata propagate(Metadata metadata) {
                return metadata;
            }

            @Override
            public void close() {
            }
        };

        @Override
        public Span dispatch(String commandType, Metadata metadata) {
            return NONE;
        }

        @Override
        public Span append(String streamId, int events) {
            return NONE;
        }

        @Override
        public Span project(String projector, int events, Collection<String> traceparents) {
            return NONE;
        }
    }
}
