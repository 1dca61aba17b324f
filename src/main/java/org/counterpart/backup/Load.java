package org.counterpart.backup;

import org.counterpart.audit.AuditLog;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Restores a backup. Everything that can be checked before the database is touched is checked first:
 * the zip and each table file against the manifest (row count and SHA-256), the keys in place against
 * the manifest's fingerprints, the schema version against the migrations this build has, and that the
 * database is empty and not in use. Then the migrations run up to the backup's version, and in one
 * transaction the rows the migrations seeded are deleted, the backup's rows inserted (each table after
 * those it references), identity columns moved past the largest id, the row counts and the audit chain
 * (with the key in place, ending at the head the backup recorded) verified, and only then committed. A
 * restore that fails after the migrations leaves the database empty again (its schema dropped).
 */
final class Load {

    private static final int BATCH = 1000;

    /** What was restored, for the summary. */
    record Restored(Manifest manifest, long rows, AuditLog.Verification audit, Optional<Path> checkpointKeptAside) {
    }

    private Load() {
    }

    static Restored restore(Installation installation, Path backup, boolean replace, PrintStream out) {
        try (ZipFile zip = open(backup)) {
            Manifest manifest = manifest(zip, backup);
            checkFiles(zip, manifest, backup);
            if (!installation.auditKeyFingerprint().equals(manifest.auditKeyFingerprint())) {
                throw new BackupRefused("The audit key in keys/ is not the one this backup was made with; nothing was restored. "
                        + "Put the keys/ directory kept with this backup in place (or set COUNTERPART_KEYS_AUDIT to its key).");
            }
            if (!installation.personalDataKeyFingerprint().equals(manifest.personalDataKeyFingerprint())) {
                throw new BackupRefused("The personal-data keys in keys/ are not the ones this backup was made with; nothing was restored. "
                        + "Put the keys/ directory kept with this backup in place (or set COUNTERPART_KEYS_ENCRYPTION and _HASHING).");
            }
            // one connection for all of it: H2 binds a check constraint to the session that made it, so the
            // migrations and the rows go through the same session, and nothing else may use the database meanwhile
            try (Connection connection = installation.connect()) {
                Flyway flyway = Flyway.configure().dataSource(new SingleConnectionDataSource(connection, true))
                        .locations(installation.migrations.toArray(String[]::new)).cleanDisabled(false)
                        .target(MigrationVersion.fromVersion(manifest.schemaVersion())).load();
                boolean known = Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion)
                        .anyMatch(v -> v != null && v.getVersion().equals(manifest.schemaVersion()));
                if (!known) {
                    throw new BackupRefused("This backup's schema is at version " + manifest.schemaVersion()
                            + ", which this build of Counterpart does not have (a newer one made it); nothing was restored.");
                }
                refuseWhileInUse(installation, connection);
                List<Tables.Table> present = Tables.read(connection);
                if (!present.isEmpty() || hasHistory(connection)) {
                    if (!replace) {
                        throw new BackupRefused("The database " + installation.shownUrl() + " is not empty (" + present.size()
                                + " tables); restore into an empty database, or give --replace to delete everything in it first. Nothing was changed.");
                    }
                    out.println("--replace: deleting everything in " + installation.shownUrl() + " (" + present.size() + " tables) ...");
                    flyway.clean();
                }
                try {
                    flyway.migrate();
                    return load(installation, connection, zip, manifest, backup);
                } catch (RuntimeException | SQLException | IOException e) {
                    try {
                        if (!connection.getAutoCommit()) {
                            connection.rollback();
                            connection.setAutoCommit(true);
                        }
                        flyway.clean();
                    } catch (RuntimeException | SQLException cleanFailed) {
                        throw new BackupRefused(reason(e) + " The database could not be emptied again (" + Installation.firstLine(cleanFailed.getMessage())
                                + "); drop and create it before trying again.");
                    }
                    throw new BackupRefused(reason(e) + " Nothing was restored; the database is empty again.");
                }
            } catch (SQLException e) {
                throw new BackupRefused("The database " + installation.shownUrl() + " could not be examined: " + Installation.firstLine(e.getMessage())
                        + ". Nothing was changed.");
            }
        } catch (IOException e) {
            throw new BackupRefused(backup + " could not be read: " + e.getClass().getSimpleName() + ". Nothing was restored.");
        }
    }

    private static String reason(Exception e) {
        return e instanceof BackupRefused refused ? refused.getMessage() : "The restore failed: " + Installation.firstLine(e.getMessage()) + ".";
    }

    private static ZipFile open(Path backup) {
        try {
            return new ZipFile(backup.toFile());
        } catch (IOException e) {
            throw new BackupRefused(backup + " is not a readable Counterpart backup (not a complete zip file: "
                    + Installation.firstLine(e.getMessage()) + "). Nothing was restored.");
        }
    }

    private static Manifest manifest(ZipFile zip, Path backup) {
        ZipEntry entry = zip.getEntry(Manifest.ENTRY);
        if (entry == null) {
            throw new BackupRefused(backup + " is not a Counterpart backup: it has no " + Manifest.ENTRY + ". Nothing was restored.");
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = Dump.JSON.readValue(in, Manifest.class);
        } catch (IOException | JacksonException e) {
            throw new BackupRefused(backup + " is damaged: its " + Manifest.ENTRY + " cannot be read. Nothing was restored.");
        }
        if (manifest.format() != Manifest.FORMAT || manifest.tables() == null || manifest.schemaVersion() == null || manifest.auditHead() == null) {
            throw new BackupRefused(backup + " is a backup of format " + manifest.format() + ", which this build does not read"
                    + " (or its manifest is incomplete). Nothing was restored.");
        }
        return manifest;
    }

    /** Reads every table file once: it must be there, hold the manifest's number of lines and its SHA-256. */
    private static void checkFiles(ZipFile zip, Manifest manifest, Path backup) {
        for (Manifest.TableFile table : manifest.tables()) {
            ZipEntry entry = zip.getEntry(table.entry());
            if (entry == null) {
                throw new BackupRefused(backup + " is damaged: " + table.entry() + " is missing. Nothing was restored.");
            }
            MessageDigest sha = Dump.sha256();
            long lines = 0;
            try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha)) {
                byte[] buffer = new byte[65536];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            } catch (IOException e) {
                throw new BackupRefused(backup + " is damaged: " + table.entry() + " cannot be read (" + Installation.firstLine(e.getMessage())
                        + "). Nothing was restored.");
            }
            if (lines != table.rows() || !HexFormat.of().formatHex(sha.digest()).equals(table.sha256())) {
                throw new BackupRefused(backup + " is damaged: " + table.entry() + " does not hold the " + table.rows()
                        + " rows its manifest lists (SHA-256 or row count differ). Nothing was restored.");
            }
        }
    }

    private static void refuseWhileInUse(Installation installation, Connection connection) throws SQLException {
        if (!installation.postgres()) {
            return; // an embedded database in use was refused when it was opened
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
            rs.next();
            long others = rs.getLong(1);
            if (others > 0) {
                throw new BackupRefused("The database " + installation.shownUrl() + " is in use by " + others
                        + " other connections (a running Counterpart server?). Stop the server first and run this again. Nothing was changed.");
            }
        }
    }

    private static boolean hasHistory(Connection connection) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(Tables.FLYWAY_HISTORY)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Restored load(Installation installation, Connection connection, ZipFile zip, Manifest manifest, Path backup)
            throws SQLException, IOException {
        {
            connection.setAutoCommit(false);
            try {
                List<Tables.Table> tables = Tables.read(connection);
                Map<String, Tables.Table> byName = tables.stream().collect(Collectors.toMap(Tables.Table::name, Function.identity()));
                List<String> missing = manifest.tables().stream().map(Manifest.TableFile::name).filter(n -> !byName.containsKey(n)).toList();
                if (!missing.isEmpty()) {
                    throw new BackupRefused("The backup holds tables the schema of version " + manifest.schemaVersion() + " does not have: " + missing + ".");
                }
                Map<String, Manifest.TableFile> files = manifest.tables().stream().collect(Collectors.toMap(Manifest.TableFile::name, Function.identity()));
                // what the migrations seeded goes, children first: the backup holds those rows as they were
                List<Tables.Table> reversed = new ArrayList<>(tables);
                java.util.Collections.reverse(reversed);
                try (Statement s = connection.createStatement()) {
                    for (Tables.Table table : reversed) {
                        s.executeUpdate("delete from " + Tables.quoted(table.name()));
                    }
                }
                long total = 0;
                for (Tables.Table table : tables) {
                    Manifest.TableFile file = files.get(table.name());
                    if (file != null) {
                        try {
                            total += insert(connection, zip, table, file, backup);
                        } catch (SQLException e) {
                            throw new BackupRefused("The restore failed writing table " + table.name() + ": " + Installation.firstLine(deepest(e).getMessage()) + ".");
                        }
                    }
                }
                for (Tables.Table table : tables) {
                    long expected = files.containsKey(table.name()) ? files.get(table.name()).rows() : 0;
                    long counted = count(connection, table);
                    if (counted != expected) {
                        throw new BackupRefused("After the restore " + table.name() + " holds " + counted + " rows, the backup " + expected + ".");
                    }
                }
                AuditLog.Verification audit = installation.verifyAudit(connection);
                if (!audit.intact()) {
                    throw new BackupRefused("The restored audit chain does not verify with the audit key in keys/ (first bad entry "
                            + audit.firstBrokenSeq().orElseThrow() + "): the audit key in keys/ is not the one this backup was made with, or the backup was altered.");
                }
                AuditLog.Checkpoint head = AuditLog.headOf(connection);
                Manifest.AuditHead recorded = manifest.auditHead();
                if (head.seq() != recorded.seq() || !head.hash().equals(recorded.hash()) || head.keyedFrom() != recorded.keyedFrom()) {
                    throw new BackupRefused("The restored audit chain ends at entry " + head.seq() + " (" + abbreviated(head.hash())
                            + "…), not at the head the backup recorded (entry " + recorded.seq() + ", " + abbreviated(recorded.hash()) + "…).");
                }
                // last, as H2 commits at a change of the schema (a restart of an identity is one); all was verified by now
                for (Tables.Table table : tables) {
                    resetIdentities(installation, connection, table);
                }
                connection.commit();
                Optional<Path> aside = AuditLog.checkpointRestored(installation.checkpointFile, head);
                return new Restored(manifest, total, audit, aside);
            } catch (RuntimeException | SQLException | IOException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static long insert(Connection connection, ZipFile zip, Tables.Table table, Manifest.TableFile file, Path backup) throws SQLException, IOException {
        List<Tables.Column> columns = table.columns();
        List<Values.Kind> kinds = columns.stream().map(Values.Kind::of).toList();
        String sql = "insert into " + Tables.quoted(table.name()) + " (" + String.join(", ", columns.stream().map(c -> Tables.quoted(c.name())).toList())
                + ") values (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql);
             BufferedReader lines = new BufferedReader(new InputStreamReader(zip.getInputStream(zip.getEntry(file.entry())), StandardCharsets.UTF_8))) {
            int batched = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode row;
                try {
                    row = Dump.JSON.readTree(line);
                } catch (JacksonException e) {
                    throw new BackupRefused(backup + " is damaged: line " + (rows + 1) + " of " + file.entry() + " is not a row.");
                }
                for (int i = 0; i < columns.size(); i++) {
                    try {
                        Values.read(row.get(columns.get(i).name()), insert, i + 1, columns.get(i), kinds.get(i));
                    } catch (RuntimeException e) {
                        throw new BackupRefused(backup + ": line " + (rows + 1) + " of " + file.entry() + ", column " + columns.get(i).name()
                                + ": the value does not fit the column's type " + columns.get(i).typeName() + ".");
                    }
                }
                insert.addBatch();
                rows++;
                if (++batched == BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
        return rows;
    }

    private static void resetIdentities(Installation installation, Connection connection, Tables.Table table) throws SQLException {
        for (Tables.Column column : table.columns()) {
            if (!column.identity()) {
                continue;
            }
            long next;
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("select coalesce(max(" + Tables.quoted(column.name()) + "), 0) + 1 from " + Tables.quoted(table.name()))) {
                rs.next();
                next = rs.getLong(1);
            }
            if (installation.postgres()) {
                try (PreparedStatement p = connection.prepareStatement("select setval(pg_get_serial_sequence(?, ?), ?, false)")) {
                    p.setString(1, Tables.quoted(table.name()));
                    p.setString(2, column.name());
                    p.setLong(3, next);
                    p.execute();
                }
            } else {
                try (Statement s = connection.createStatement()) {
                    s.execute("alter table " + Tables.quoted(table.name()) + " alter column " + Tables.quoted(column.name()) + " restart with " + next);
                }
            }
        }
    }

    /** The innermost cause, which says what the database refused (a batch wraps it). */
    private static Throwable deepest(SQLException e) {
        Throwable deepest = e;
        if (e.getNextException() != null) {
            deepest = e.getNextException();
        }
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest;
    }

    private static String abbreviated(String hash) {
        return hash == null ? "" : hash.substring(0, Math.min(12, hash.length()));
    }

    private static long count(Connection connection, Tables.Table table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + Tables.quoted(table.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
