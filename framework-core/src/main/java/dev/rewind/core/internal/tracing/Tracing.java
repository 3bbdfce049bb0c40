package dev.rewind.core.internal.tracing;

import dev.rewind.core.event.Metadata;
import java.util.Collection;

/**
 * The framework's spans. {@link #get()} is the OpenTelemetry implementation when its API is on the class path, else
 * one that does nothing; the framework never refers to OpenTelemetry's classes elsewhere, so they stay optional.
 */
public interface Tracing {

    /** An open span; closing it ends it. */
    interface Span extends AutoCloseable {

        /** Marks the span failed with {@code error}. */
        void failed(Throwable error);

        /** The metadata with this span as its {@code traceparent}, for the messages made inside it. */
        Metadata propagate(Metadata metadata);

        @Override
        void close();
    }

    /** Starts the span of dispatching a command, a child of the trace its metadata carries (if any), made current. */
    Span dispatch(String commandType, Metadata metadata);

    /** Starts the span of appending to a stream, a child of the current span, made current. */
    Span append(String streamId, int events);

    /** Starts the span of a projector's batch, linked to the traces of the batch's events. */
    Span project(String projector, int events, Collection<String> traceparents);

    /** The tracing to use. */
    static Tracing get() {
        return TracingHolder.TRACING;
    }
}
