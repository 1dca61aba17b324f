/**
 * Nothing lost: {@code ./counterpart backup} writes every table of the database in a snapshot to a zip of
 * its own format (read and written through JDBC, so a backup of H2 restores into PostgreSQL and back), and
 * {@code ./counterpart restore} puts it into an empty database and checks it (row counts, the audit chain
 * under the key in place, the keys' fingerprints) before it commits. Runs without the application started.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "audit"})
package org.counterpart.backup;
