/**
 * Framework internals behind the public {@code dev.rewind.core.aggregate} package. Not API: these classes change
 * without notice, and applications must not use them.
 */
package dev.rewind.core.internal.aggregate;
