/** The Rewind 0.3 compatible endpoint (REP queries, PUB stream); not API. */
package dev.rewind.bus.internal.rewind;
