/**
 * The framework's Micrometer instruments. Every meter is registered on Micrometer's global registry
 * ({@code Metrics.globalRegistry}), so an application sees them by adding its registry there (the admin server adds
 * its Prometheus registry); with no registry added they cost next to nothing.
 */
package dev.rewind.core.internal.metrics;
