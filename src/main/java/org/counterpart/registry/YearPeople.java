package org.counterpart.registry;

import java.util.HexFormat;

/**
 * Which people of one registry year of an import are in more than one household of that year,
 * found before any of the year is written, as the year is written a slice at a time: a person in two
 * households holds both back, wherever in the file the two lie. Kept in flat arrays (24 bytes a
 * slot: 128 bits of the keyed hash and a fingerprint of the first household seen), so a year of a
 * million members costs a few tens of megabytes, not the hundreds a map of strings would.
 */
final class YearPeople {

    private final long[] keyHigh;
    private final long[] keyLow;
    /** A fingerprint of the household the person was first seen in (never 0); negative once seen in a second one. */
    private final long[] household;
    private int shared;

    YearPeople(long rows) {
        long capacity = Long.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
        if (capacity > 1 << 30) {
            throw new IllegalArgumentException("a registry year of " + rows + " rows is more than one import can hold");
        }
        keyHigh = new long[(int) capacity];
        keyLow = new long[(int) capacity];
        household = new long[(int) capacity];
    }

    /** Notes a member of a household (a fingerprint from {@link #household}). */
    void add(String idHash, long householdFingerprint) {
        long h = high(idHash);
        long l = low(idHash);
        int mask = keyHigh.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (household[slot] != 0) {
            if (keyHigh[slot] == h && keyLow[slot] == l) {
                long first = household[slot];
                if (first > 0 && first != householdFingerprint) {
                    household[slot] = -first;
                    shared++;
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
        keyHigh[slot] = h;
        keyLow[slot] = l;
        household[slot] = householdFingerprint;
    }

    /** Whether the person was seen in more than one household. */
    boolean inTwoHouseholds(String idHash) {
        if (shared == 0) {
            return false;
        }
        long h = high(idHash);
        long l = low(idHash);
        int mask = keyHigh.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (household[slot] != 0) {
            if (keyHigh[slot] == h && keyLow[slot] == l) {
                return household[slot] < 0;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    /** How many people were seen in more than one household. */
    int shared() {
        return shared;
    }

    /** A positive 63-bit fingerprint of a household's county and number. */
    static long household(String countyCode, String householdNo) {
        long f = ImportedPeople.fingerprint(countyCode + "/" + householdNo) & Long.MAX_VALUE;
        return f == 0 ? 1 : f;
    }

    private static long high(String hex) {
        return HexFormat.fromHexDigitsToLong(hex, 0, 16);
    }

    private static long low(String hex) {
        return HexFormat.fromHexDigitsToLong(hex, 16, 32);
    }
}
