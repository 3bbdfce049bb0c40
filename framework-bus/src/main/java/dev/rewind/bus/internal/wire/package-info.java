/** The native wire format: frames, codecs, protocol names and error codes; not API. */
package dev.rewind.bus.internal.wire;
