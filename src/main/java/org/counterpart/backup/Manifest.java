package org.counterpart.backup;

import java.util.List;

/**
 * The first thing a restore reads of a backup ({@code manifest.json}): the format, the schema version
 * the tables are in (Flyway's), when and from which kind of database it was made, the head of the audit
 * chain, fingerprints of the audit key and of the personal-data keys (HMACs of a fixed text, never a
 * key), and every table with its columns, row count and the SHA-256 of its file.
 */
record Manifest(int format, String schemaVersion, String madeFrom, String createdAt, AuditHead auditHead,
                String auditKeyFingerprint, String personalDataKeyFingerprint, List<TableFile> tables) {

    static final int FORMAT = 1;
    static final String ENTRY = "manifest.json";

    /** The audit chain's last entry and its link, and the entry its keyed part starts at. */
    record AuditHead(long seq, String hash, long keyedFrom) {
    }

    /** A table of the backup: its rows are the lines of {@code tables/<name>.jsonl}, one JSON object each. */
    record TableFile(String name, long rows, String sha256, List<ColumnType> columns) {

        String entry() {
            return "tables/" + name + ".jsonl";
        }
    }

    /** A column as the database that was backed up named its type. */
    record ColumnType(String name, String type) {
    }
}
