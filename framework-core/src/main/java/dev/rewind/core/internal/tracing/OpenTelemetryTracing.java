package dev.rewind.core.internal.tracing;

import dev.rewind.core.event.Metadata;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Spans through the OpenTelemetry API's global instance, looked up per span so a later-installed SDK is used. */
final class OpenTelemetryTracing implements Tracing {

    /** Links per projection span at most: a batch can hold thousands of events. */
    private static final int MAX_LINKS = 32;

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer("dev.rewind");
    }

    private static Context contextOf(String traceparent) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of(Metadata.TRACEPARENT, traceparent), HEADERS);
    }

    @Override
    public Span dispatch(String commandType, Metadata metadata) {
        SpanBuilder builder = tracer().spanBuilder("command " + commandType).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("rewind.command.type", commandType);
        metadata.traceparent().ifPresent(parent -> builder.setParent(contextOf(parent)));
        return new OpenSpan(builder.startSpan());
    }

    @Override
    public Span append(String streamId, int events) {
        return new OpenSpan(tracer().spanBuilder("append").setSpanKind(SpanKind.CLIENT)
                .setAttribute("rewind.stream", streamId).setAttribute("rewind.events", events).startSpan());
    }

    @Override
    public Span project(String projector, int events, Collection<String> traceparents) {
        SpanBuilder builder = tracer().spanBuilder("project " + projector).setSpanKind(SpanKind.CONSUMER)
                .setNoParent().setAttribute("rewind.projector", projector).setAttribute("rewind.events", events);
        traceparents.stream().distinct().limit(MAX_LINKS).forEach(parent -> {
            SpanContext linked = io.opentelemetry.api.trace.Span.fromContext(contextOf(parent)).getSpanContext();
            if (linked.isValid()) {
                builder.addLink(linked);
            }
        });
        return new OpenSpan(builder.startSpan());
    }

    /** A started span, current until closed. */
    private static final class OpenSpan implements Span {

        private final io.opentelemetry.api.trace.Span span;
        private final Scope scope;

        OpenSpan(io.opentelemetry.api.trace.Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }

        @Override
        public Metadata propagate(Metadata metadata) {
            if (!span.getSpanContext().isValid()) {
                return metadata;
            }
            Map<String, String> carrier = new HashMap<>();
            W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), carrier, Map::put);
            String traceparent = carrier.get(Metadata.TRACEPARENT);
            return traceparent == null ? metadata : metadata.withTraceparent(traceparent);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
