package org.counterpart.backup;

import org.counterpart.audit.AuditLog;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup: every table read in one read-only transaction (a snapshot: PostgreSQL's repeatable
 * read, H2's serializable), so a server may go on working meanwhile and the backup is still one moment
 * of the database. The zip is written beside the destination and moved into place when complete, so a
 * failed backup leaves no file that looks like one.
 */
final class Dump {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a backup holds, for its summary. */
    record Written(Manifest manifest, long rows) {
    }

    private Dump() {
    }

    static Written write(Installation installation, Path out) {
        Path target = out.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (Connection connection = installation.connect()) {
            String auditFingerprint = installation.auditKeyFingerprint();
            String personalFingerprint = installation.personalDataKeyFingerprint();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(installation.postgres() ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE);
            connection.setReadOnly(true);
            Files.createDirectories(target.getParent());
            Manifest manifest;
            long total = 0;
            // readable by its owner only, as the key files are: it holds names and places in plain text
            if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.deleteIfExists(partial);
                Files.createFile(partial, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial)); ZipOutputStream zip = new ZipOutputStream(file)) {
                String version = schemaVersion(connection);
                AuditLog.Checkpoint head = AuditLog.headOf(connection);
                List<Manifest.TableFile> files = new ArrayList<>();
                for (Tables.Table table : Tables.read(connection)) {
                    Manifest.TableFile written = table(connection, table, zip);
                    files.add(written);
                    total += written.rows();
                }
                manifest = new Manifest(Manifest.FORMAT, version, installation.postgres() ? "PostgreSQL" : "H2",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), new Manifest.AuditHead(head.seq(), head.hash(), head.keyedFrom()),
                        auditFingerprint, personalFingerprint, List.copyOf(files));
                zip.putNextEntry(new ZipEntry(Manifest.ENTRY));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            connection.rollback();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return new Written(manifest, total);
        } catch (SQLException e) {
            throw new BackupRefused("The backup stopped reading the database: " + Installation.firstLine(e.getMessage()) + ". No backup was written.");
        } catch (IOException e) {
            throw new BackupRefused("The backup could not be written to " + out + ": " + e.getClass().getSimpleName() + " " + e.getMessage()
                    + ". No backup was written.");
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to undo
            }
        }
    }

    /** The version of the last migration applied, read in the snapshot. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select " + Tables.quoted("version") + " from " + Tables.quoted(Tables.FLYWAY_HISTORY)
                     + " where " + Tables.quoted("success") + " and " + Tables.quoted("version") + " is not null order by "
                     + Tables.quoted("installed_rank") + " desc")) {
            if (!rs.next()) {
                throw new BackupRefused("The database has no schema yet (no migration was applied): there is nothing to back up.");
            }
            return rs.getString(1);
        }
    }

    private static Manifest.TableFile table(Connection connection, Tables.Table table, ZipOutputStream zip) throws SQLException, IOException {
        Manifest.TableFile file = new Manifest.TableFile(table.name(), 0, "", List.of());
        zip.putNextEntry(new ZipEntry(file.entry()));
        MessageDigest sha = sha256();
        // the zip stream stays open: the entry's bytes go through the digest, and nothing closes the zip
        OutputStream digested = new DigestOutputStream(new UnclosedOutputStream(zip), sha);
        List<Values.Kind> kinds = table.columns().stream().map(Values.Kind::of).toList();
        long rows = 0;
        try (PreparedStatement select = connection.prepareStatement("select " + String.join(", ",
                table.columns().stream().map(c -> Tables.quoted(c.name())).toList()) + " from " + Tables.quoted(table.name())
                + " order by " + Tables.orderBy(table))) {
            select.setFetchSize(1000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ObjectNode row = JSON.createObjectNode();
                    for (int i = 0; i < kinds.size(); i++) {
                        Values.write(rs, i + 1, table.columns().get(i), kinds.get(i), row);
                    }
                    digested.write(JSON.writeValueAsBytes(row));
                    digested.write('\n');
                    rows++;
                }
            }
        }
        digested.flush();
        zip.closeEntry();
        return new Manifest.TableFile(table.name(), rows, HexFormat.of().formatHex(sha.digest()),
                table.columns().stream().map(c -> new Manifest.ColumnType(c.name(), c.typeName())).toList());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes through to the zip and leaves it open when closed. */
    private static final class UnclosedOutputStream extends java.io.FilterOutputStream {
        UnclosedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
