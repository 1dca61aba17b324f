package org.counterpart.backup;

import org.counterpart.audit.AuditLog;
import org.counterpart.cooperation.Ledger;
import org.counterpart.cooperation.Ledgers;
import org.counterpart.geography.Regions;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.counterpart.shared.Command;
import org.counterpart.support.Claims;
import org.counterpart.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup of the test database, with a registry of 本溪市 (2109) imported, a fund reaching some of it and
 * their audit entries, restored through the real commands into a second, empty database of the same kind
 * (an in-memory H2, or with {@code -Ppostgres} a PostgreSQL database made and dropped here): every table
 * compared row for row, the audit chain verified with the key, identities continued past the restored ids.
 * A wrong audit key, a damaged zip and a backup whose audit head does not match are refused in one line,
 * and leave the second database empty.
 */
@IntegrationTest
@Claims("2109")
class BackupRestoreTest {

    static final String CITY = "2109";
    static boolean loaded;

    @Autowired
    RegistryGenerator generator;
    @Autowired
    RegistryImport imports;
    @Autowired
    Regions regions;
    @Autowired
    Ledgers ledgers;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConfigurableEnvironment environment;

    Path work;
    String second;
    String secondUrl;

    @BeforeEach
    void dataOfBenxiAndASecondDatabase() throws Exception {
        work = Files.createTempDirectory("backup-restore");
        if (!loaded) {
            Path file = work.resolve("benxi.csv");
            generator.write(new RegistryGenerator.Spec(8, List.of(2019), regions.code(CITY), 2109, 0), file);
            RegistryImport.Result result = imports.run(file, "benxi.csv", new RegistryImport.Options(false, OptionalInt.empty()), r -> { });
            assertThat(result.rowsRefused()).isZero();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> households = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[0]).distinct().sorted().toList();
            ledgers.create(Ledger.FUND, new Ledgers.Entry(Map.of("title", "本溪备份测试资金", "reg_year", "2019", "place_code", CITY,
                    "owner", CITY, "source", "CITY", "sector", "AGRICULTURE", "benefit_kind", "DIVIDEND", "allocated", "12000.00",
                    "disbursed", "9000.50"), households.subList(0, 3), 0));
            loaded = true;
        }
        quiet();
        second = "keep_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = environment.getRequiredProperty("spring.datasource.url");
        if (url.startsWith("jdbc:postgresql:")) {
            try (Connection c = source(); Statement s = c.createStatement()) {
                s.execute("create database " + databaseName(url) + "_" + second);
            }
            secondUrl = url.replaceFirst("/([^/?]+)(\\?.*)?$", "/$1_" + second + "$2");
        } else {
            secondUrl = "jdbc:h2:mem:" + second + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        }
    }

    @AfterEach
    void dropTheSecondDatabase() throws Exception {
        String url = environment.getRequiredProperty("spring.datasource.url");
        if (url.startsWith("jdbc:postgresql:")) {
            try (Connection c = source(); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + databaseName(url) + "_" + second + " with (force)");
            }
        } else {
            try (Connection c = target(); Statement s = c.createStatement()) {
                s.execute("shutdown");
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aBackupRestoresIntoAnEmptyDatabaseTableForTableWithItsAuditChain() throws Exception {
        Path backup = work.resolve("counterpart.backup.zip");
        Said made = run(new BackupCommand(), environment, "--out", backup.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("Backed up").contains("keep a copy of");
        Map<String, List<String>> before = everyTable(source());

        Said restored = run(new RestoreCommand(), restoreSettings(Map.of()), backup.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("Audit log intact");

        Map<String, List<String>> after = everyTable(target());
        assertThat(after.keySet()).isEqualTo(before.keySet()).contains("household", "membership", "person", "ledger_fund", "beneficiary_link",
                "audit_entry", "region", "user_account");
        before.forEach((table, rows) -> assertThat(after.get(table)).as(table).isEqualTo(rows));
        assertThat(before.get("ledger_fund").stream().filter(r -> r.contains("本溪备份测试资金"))).hasSize(1);
        assertThat(before.get("household").size()).isGreaterThan(8);

        try (Connection restoredDb = target(); Connection sourceDb = source()) {
            AuditLog.Verification chain = AuditLog.verifyWith(restoredDb, environment.getProperty("counterpart.keys.audit", ""),
                    environment.getProperty("counterpart.home"));
            assertThat(chain.intact()).isTrue();
            assertThat(chain.entries()).isEqualTo(AuditLog.headOf(sourceDb).seq()).isGreaterThan(0);
            assertThat(AuditLog.headOf(restoredDb).hash()).isEqualTo(AuditLog.headOf(sourceDb).hash());
            // identities go on past the restored ids
            long largest;
            try (Statement s = restoredDb.createStatement(); ResultSet rs = s.executeQuery("select max(id) from institution")) {
                rs.next();
                largest = rs.getLong(1);
            }
            try (Statement s = restoredDb.createStatement()) {
                s.executeUpdate("insert into institution (name_zh, kind, region_code) select '恢复后新增', 'GOVERNMENT', min(code) from region");
                try (ResultSet rs = s.executeQuery("select id from institution where name_zh = '恢复后新增'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isGreaterThan(largest);
                }
            }
        }

        // a second restore into the now full database is refused without --replace
        Said again = run(new RestoreCommand(), restoreSettings(Map.of()), backup.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(oneLine(again.err())).contains("is not empty").contains("--replace");
        assertThat(everyTable(target()).get("institution")).hasSize(before.get("institution").size() + 1);

        // with --replace it says so, deletes everything and restores the backup as it was (the row added after is gone)
        Said replaced = run(new RestoreCommand(), restoreSettings(Map.of()), backup.toString(), "--replace");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("--replace: deleting everything in");
        Map<String, List<String>> replacedTables = everyTable(target());
        before.forEach((table, rows) -> assertThat(replacedTables.get(table)).as(table).isEqualTo(rows));
    }

    @Test
    void aWrongAuditKeyADamagedZipAndAForeignHeadAreRefusedInOneLineAndLeaveTheDatabaseEmpty() throws Exception {
        Path backup = work.resolve("refused.backup.zip");
        assertThat(run(new BackupCommand(), environment, "--out", backup.toString()).code()).isZero();

        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        Said wrongKey = run(new RestoreCommand(), restoreSettings(Map.of("counterpart.keys.audit", Base64.getEncoder().encodeToString(otherKey))),
                backup.toString());
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(oneLine(wrongKey.err()).toLowerCase()).contains("the audit key in keys/ is not the one this backup was made with");
        assertThat(tablesIn(target())).isEmpty();

        Path truncated = work.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(backup);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Said broken = run(new RestoreCommand(), restoreSettings(Map.of()), truncated.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(oneLine(broken.err())).contains("not a readable Counterpart backup");

        Path altered = work.resolve("altered.zip");
        rewrite(backup, altered, (name, content) -> name.equals("tables/household.jsonl")
                ? new String(content, StandardCharsets.UTF_8).replaceFirst("\"21", "\"22").getBytes(StandardCharsets.UTF_8) : content);
        Said damaged = run(new RestoreCommand(), restoreSettings(Map.of()), altered.toString());
        assertThat(damaged.code()).isEqualTo(1);
        assertThat(oneLine(damaged.err())).contains("is damaged").contains("tables/household.jsonl");
        assertThat(tablesIn(target())).isEmpty();

        // a manifest naming another head: everything is written, the check fails, and the database is emptied again
        Path foreign = work.resolve("foreign-head.zip");
        rewrite(backup, foreign, (name, content) -> name.equals("manifest.json")
                ? new String(content, StandardCharsets.UTF_8).replaceFirst("(?<h>\"hash\"\\s*:\\s*\")[0-9a-f]{8}", "${h}00000000").getBytes(StandardCharsets.UTF_8)
                : content);
        Said headMoved = run(new RestoreCommand(), restoreSettings(Map.of()), foreign.toString());
        assertThat(headMoved.code()).isEqualTo(1);
        assertThat(oneLine(headMoved.err())).contains("audit chain ends at entry").contains("the database is empty again");
        assertThat(tablesIn(target())).isEmpty();
    }

    // ---- helpers ----

    record Said(int code, String out, String err) {
    }

    static Said run(Command command, Environment settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(List.of(args), new Command.Context() {
            @Override
            public <T> T bean(Class<T> type) {
                throw new AssertionError("backup and restore run without the application");
            }

            @Override
            public String usage() {
                return "";
            }

            @Override
            public Environment settings() {
                return settings;
            }
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Said(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The test application's settings with the second database and a checkpoint file of its own. */
    Environment restoreSettings(Map<String, Object> more) {
        StandardEnvironment settings = new StandardEnvironment();
        Map<String, Object> own = new HashMap<>(more);
        own.put("spring.datasource.url", secondUrl);
        own.put("counterpart.audit.checkpoint-file", work.resolve("restored-audit/checkpoint.properties").toString());
        settings.getPropertySources().addFirst(new MapPropertySource("restore", own));
        environment.getPropertySources().forEach(p -> settings.getPropertySources().addLast(p));
        return settings;
    }

    static String oneLine(String said) {
        assertThat(said.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ").isNotEmpty();
        return said.strip();
    }

    Connection source() throws SQLException {
        return DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                environment.getProperty("spring.datasource.username"), environment.getProperty("spring.datasource.password"));
    }

    Connection target() throws SQLException {
        return DriverManager.getConnection(secondUrl, environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"));
    }

    static String databaseName(String url) {
        return url.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    }

    /** Waits until no audit entry waits to be linked, so the source does not move while it is compared. */
    void quiet() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("select count(*) from audit_pending").query(Long.class).single() > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
    }

    static List<String> tablesIn(Connection connection) throws SQLException {
        try (connection) {
            return Tables.read(connection).stream().map(Tables.Table::name).toList();
        }
    }

    /** Every table's rows, in key order, each row its values as text (binary in base64). */
    static Map<String, List<String>> everyTable(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new java.util.TreeMap<>();
        try (connection) {
            for (Tables.Table table : Tables.read(connection)) {
                List<String> rows = new ArrayList<>();
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("select * from " + Tables.quoted(table.name()) + " order by " + Tables.orderBy(table))) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            row.append(meta.getColumnName(i)).append('=')
                                    .append(value instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : String.valueOf(value)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                tables.put(table.name(), rows);
            }
        }
        return tables;
    }

    interface Change {
        byte[] apply(String entry, byte[] content);
    }

    /** The backup with one entry changed, as damage or a forgery would change it. */
    static void rewrite(Path from, Path to, Change change) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to); ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = in.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(change.apply(entry.getName(), content));
                out.closeEntry();
            }
        }
    }
}
