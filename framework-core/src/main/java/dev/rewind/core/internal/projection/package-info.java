/**
 * Framework internals behind the public {@code dev.rewind.core.projection} package. Not API: these classes change
 * without notice, and applications must not use them.
 */
package dev.rewind.core.internal.projection;
