/**
 * The bank's JSON-over-HTTP interface on the JDK's own HTTP server: routes that turn requests into commands and
 * queries, and every user-caused error into a clear {@code {"error": ...}} reply.
 */
package dev.rewind.examples.bank.http;
