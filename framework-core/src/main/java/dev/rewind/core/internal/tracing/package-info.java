/**
 * Spans for command dispatch, appends and projection, made with the OpenTelemetry API when it is on the class path
 * (no agent needed; an application installs its SDK as {@code GlobalOpenTelemetry}), and nothing at all when it is
 * absent. The W3C {@code traceparent} header of the messages' metadata carries the trace between processes.
 */
package dev.rewind.core.internal.tracing;
