package org.counterpart.backup;

/** A backup or restore that stops with one line saying why; nothing was written, or what was is undone. */
final class BackupRefused extends RuntimeException {

    BackupRefused(String line) {
        super(line);
    }
}
