package dev.rewind.eventstore.internal.mapped;

import dev.rewind.eventstore.internal.log.EventLog;

/**
 * The checks the entries of the files derived from the {@link EventLog} carry, so a damaged entry (garbled, zeroed,
 * or another position's) is told from a right one: a mix of the entry's position and contents, never zero, so an
 * entry of zeros never passes. Not cryptographic: it guards against a failing disk, not an attacker who can write
 * the store's files.
 */
public final class EntryChecks {

    private EntryChecks() {
    }

    /** A 64-bit mix of the position and two words of an entry. */
    static long mix(long position, long a, long b) {
        long h = position * 0x9E37_79B9_7F4A_7C15L ^ a;
        h = (h ^ h >>> 31) * 0xBF58_476D_1CE4_E5B9L ^ b;
        h = (h ^ h >>> 30) * 0x94D0_49BB_1331_11EBL;
        return h ^ h >>> 31;
    }

    /** The low {@code bits} bits of the mix, with the lowest set so the check is never zero. */
    public static long check(long position, long a, long b, int bits) {
        return mix(position, a, b) & ((1L << bits) - 1) | 1;
    }
}
