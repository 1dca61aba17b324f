package org.counterpart.registry;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The people one import has created so far, so that the later years of the same file need not ask
 * the database for them again: by the keyed hash of the ID number, the person's id and fingerprints
 * of the name and phone number last written (never the values themselves). A person the import
 * created can have no other household in a year the import has not reached yet, as nobody else can
 * see the person before the import commits.
 *
 * <p>Kept as flat arrays (about 40 bytes a person) rather than a map of strings, so that a file of a
 * million people costs tens of megabytes, not hundreds.
 */
final class ImportedPeople {

    private long[] keyHigh;
    private long[] keyLow;
    private long[] ids;
    private long[] names;
    private long[] phones;
    private int size;

    ImportedPeople() {
        allocate(1 << 12);
    }

    int size() {
        return size;
    }

    /** The id of a person this import created, or 0. */
    long id(String idHash) {
        int slot = find(idHash);
        return slot < 0 ? 0 : ids[slot];
    }

    /**
     * Whether the name or phone number in the row differs from what was last written for a person of
     * this import; as when reading from the database, a row without a phone number keeps the one on record.
     */
    boolean changed(String idHash, String name, String phone) {
        int slot = find(idHash);
        if (slot < 0) {
            throw new IllegalArgumentException("not a person of this import");
        }
        return names[slot] != fingerprint(name) || (phone != null && phones[slot] != fingerprint(phone));
    }

    /** Notes a person written by this import, with the name and phone number now on record. */
    void written(String idHash, long id, String name, String phone) {
        int slot = find(idHash);
        if (slot < 0) {
            if ((size + 1) * 10L > keyHigh.length * 7L) {
                grow();
                slot = find(idHash); // the free slot of the grown table
            }
            slot = -slot - 1;
            keyHigh[slot] = high(idHash);
            keyLow[slot] = low(idHash);
            size++;
        }
        ids[slot] = id;
        names[slot] = fingerprint(name);
        if (phone != null) {
            phones[slot] = fingerprint(phone);
        }
    }

    /** The slot holding the hash, or -(free slot + 1). Hashes are hex SHA-256 strings; 128 of their bits are kept. */
    private int find(String idHash) {
        long h = high(idHash);
        long l = low(idHash);
        int mask = keyHigh.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (true) {
            if (ids[slot] == 0) {
                return -slot - 1;
            }
            if (keyHigh[slot] == h && keyLow[slot] == l) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        long[] oldHigh = keyHigh;
        long[] oldLow = keyLow;
        long[] oldIds = ids;
        long[] oldNames = names;
        long[] oldPhones = phones;
        allocate(oldHigh.length * 2);
        int mask = keyHigh.length - 1;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldIds[i] != 0) {
                int slot = (int) (oldLow[i] ^ (oldLow[i] >>> 32)) & mask;
                while (ids[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keyHigh[slot] = oldHigh[i];
                keyLow[slot] = oldLow[i];
                ids[slot] = oldIds[i];
                names[slot] = oldNames[i];
                phones[slot] = oldPhones[i];
            }
        }
    }

    private void allocate(int capacity) {
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        ids = new long[capacity];
        names = new long[capacity];
        phones = new long[capacity];
    }

    private static long high(String hex) {
        return HexFormat.fromHexDigitsToLong(hex, 0, 16);
    }

    private static long low(String hex) {
        return HexFormat.fromHexDigitsToLong(hex, 16, 32);
    }

    /** A 64-bit FNV-1a fingerprint of a value's UTF-8 bytes; never 0, which means "none". */
    static long fingerprint(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
