/**
 * Framework internals behind the public {@code dev.rewind.core.process} package: durable deadlines kept in the event
 * store. Not API: these classes change without notice, and applications must not use them.
 */
package dev.rewind.core.internal.process;
