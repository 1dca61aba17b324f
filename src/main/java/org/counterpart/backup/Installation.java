package org.counterpart.backup;

import org.counterpart.audit.AuditLog;
import org.counterpart.shared.PersonalDataProtector;
import org.springframework.core.env.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * What a backup or restore needs of the installation, read from the application's settings as the
 * server would read them: its database, its data directory, its keys (configured, or the files in
 * {@code keys/}), its migrations and where the audit checkpoint is kept.
 */
final class Installation {

    /** H2's "database may be already in use" (its error code 90020). */
    private static final int H2_IN_USE = 90020;

    final String url;
    private final String user;
    private final String password;
    final Path home;
    private final String auditKey;
    private final String encryptionKey;
    private final String hashingKey;
    final List<String> migrations;
    final String checkpointFile;

    private Installation(Environment settings) {
        this.url = settings.getRequiredProperty("spring.datasource.url");
        this.user = settings.getProperty("spring.datasource.username", "");
        this.password = settings.getProperty("spring.datasource.password", "");
        this.home = Path.of(settings.getProperty("counterpart.home", "./data"));
        this.auditKey = settings.getProperty("counterpart.keys.audit", "");
        this.encryptionKey = settings.getProperty("counterpart.keys.encryption", "");
        this.hashingKey = settings.getProperty("counterpart.keys.hashing", "");
        this.migrations = Arrays.stream(settings.getProperty("spring.flyway.locations", "classpath:db/migration").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.checkpointFile = settings.getProperty("counterpart.audit.checkpoint-file", home.resolve("audit/checkpoint.properties").toString());
    }

    static Installation of(Environment settings) {
        // without the application its logging is not set up: Flyway would tell every migration it runs
        org.springframework.boot.logging.LoggingSystem.get(Installation.class.getClassLoader())
                .setLogLevel("org.flywaydb", org.springframework.boot.logging.LogLevel.ERROR);
        return new Installation(settings);
    }

    boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The database without its password, for what a command prints. */
    String shownUrl() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }

    /** A connection of its own; an embedded database held by a running server is refused in one line. */
    Connection connect() {
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && (sql.getErrorCode() == H2_IN_USE || "90020".equals(sql.getSQLState()))) {
                    throw new BackupRefused("The embedded database is open in another Counterpart process (a running server or command) "
                            + "using the same data directory. Stop that process first and run this again.");
                }
            }
            throw new BackupRefused("The database " + shownUrl() + " could not be opened: " + firstLine(e.getMessage()));
        }
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The fingerprint of the audit key in place; a key that is not there is refused, never generated. */
    String auditKeyFingerprint() {
        if (auditKey.isBlank() && !Files.isRegularFile(home.resolve("keys/audit.key"))) {
            throw new BackupRefused("There is no audit key: neither COUNTERPART_KEYS_AUDIT nor " + home.resolve("keys/audit.key")
                    + ". Put the keys/ directory kept with the backup into " + home + " (or set the variables) and run this again.");
        }
        return AuditLog.keyFingerprint(auditKey, home.toString());
    }

    /** The fingerprint of the personal-data keys in place; keys that are not there are refused, never generated. */
    String personalDataKeyFingerprint() {
        if (!PersonalDataProtector.keysPresent(encryptionKey, hashingKey, home)) {
            throw new BackupRefused("There are no personal-data keys: neither COUNTERPART_KEYS_ENCRYPTION and _HASHING nor "
                    + home.resolve("keys/personal-data.keys") + ". Put the keys/ directory kept with the backup into " + home
                    + " (or set the variables) and run this again.");
        }
        return new PersonalDataProtector(encryptionKey, hashingKey, home.toString()).keyFingerprint();
    }

    /** Verifies the audit chain behind the connection (in its transaction) with the audit key in place. */
    AuditLog.Verification verifyAudit(Connection connection) {
        return AuditLog.verifyWith(connection, auditKey, home.toString());
    }

    static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
