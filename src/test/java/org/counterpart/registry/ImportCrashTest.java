package org.counterpart.registry;

import org.counterpart.support.WebSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application killed with SIGKILL in the middle of writing a registry import, as a power cut or the
 * out-of-memory killer would: the application runs as a process of its own (this test's class path, the
 * main class, an embedded database in a data directory of its own, the scenario without its registry), and
 * afterwards the import's rows are all absent, {@code audit verify} passes, the run shows as interrupted,
 * and running it again from its kept file (the page's "run again", as an administrator) writes it whole.
 * Claims nothing of the shared test database: all it writes is in its own.
 */
class ImportCrashTest {

    static final int HOUSEHOLDS = 30_000;
    static final int PORT = 18091;

    Path home;
    String url;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void aDataDirectoryOfItsOwn() throws IOException {
        home = Files.createTempDirectory("counterpart-crash");
        url = "jdbc:h2:file:" + home.resolve("db/counterpart").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    @AfterEach
    void removeIt() throws IOException {
        started.forEach(Process::destroyForcibly);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void anImportKilledWhileWritingLeavesNothingTheChainVerifiesAndItRunsAgainWhole() throws Exception {
        Path file = home.resolve("registry.csv");
        Child generate = start("generate", "households", "--count", String.valueOf(HOUSEHOLDS), "--year", "2018", "--out", file.toString());
        assertThat(generate.waitFor(600)).as(generate.output()).isZero();

        Child importing = start("import", "households", file.toString());
        assertThat(importing.waitForLine(l -> l.contains("writing (now 2018)"), 600)).as(importing.output()).isTrue();
        Thread.sleep(300);
        assertThat(importing.process.isAlive()).as("the import ended before it could be killed: " + importing.output()).isTrue();
        importing.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no rollback by the application
        importing.process.waitFor(60, TimeUnit.SECONDS);
        assertThat(importing.output()).doesNotContain("Imported");

        Child verify = start("audit", "verify");
        assertThat(verify.waitFor(300)).as(verify.output()).isZero();
        assertThat(verify.output()).contains("Audit log intact");

        long runId;
        try (Connection db = database()) {
            Map.Entry<Long, String> run = newestRun(db);
            runId = run.getKey();
            assertThat(run.getValue()).isEqualTo("interrupted");
            assertThat(count(db, "household")).isZero();
            assertThat(count(db, "membership")).isZero();
            assertThat(count(db, "person")).isZero();
        }
        try (Stream<Path> left = Files.list(home.resolve("imports"))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checking-") || n.startsWith("uploading-")))
                    .as("temporary files of the killed import").isEmpty();
        }

        Child server = start("serve", "--server.port=" + PORT);
        assertThat(server.waitForLine(l -> l.contains("Counterpart is running at"), 300)).as(server.output()).isTrue();
        WebSession admin = WebSession.signedIn(PORT, "admin");
        assertThat(admin.get("/registry/imports/" + runId).status()).isEqualTo(200);
        WebSession.Page again = admin.post("/registry/imports/" + runId + "/again", Map.of());
        assertThat(again.status()).as(again.text()).isEqualTo(302);
        String job = again.location().replaceFirst("^https?://[^/]+", "");
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        WebSession.Page page = admin.get(job);
        while ((page.status() == 200 && page.body().contains("id=\"progress\"")) && System.nanoTime() < until) {
            Thread.sleep(500);
            page = admin.get(job);
        }
        assertThat(page.status()).as("the job's page sends on to the new run when it is done").isEqualTo(302);
        server.process.destroy(); // a normal stop this time
        assertThat(server.process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        try (Connection db = database()) {
            Map.Entry<Long, String> run = newestRun(db);
            assertThat(run.getKey()).isGreaterThan(runId);
            assertThat(run.getValue()).isEqualTo("applied");
            assertThat(count(db, "household")).isEqualTo(HOUSEHOLDS);
            assertThat(count(db, "membership")).isEqualTo(count(db, "person")).isPositive();
        }
        Child verifyAgain = start("audit", "verify");
        assertThat(verifyAgain.waitFor(300)).as(verifyAgain.output()).isZero();
        assertThat(verifyAgain.output()).contains("Audit log intact");
    }

    // ---- the application as a process of its own ----

    /** A process of the application and the lines it printed so far. */
    final class Child {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        int waitFor(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the process did not end within " + seconds + " s: " + output());
            }
            Thread.sleep(100); // the last lines
            return process.exitValue();
        }

        boolean waitForLine(java.util.function.Predicate<String> wanted, int seconds) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < until) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(wanted)) {
                        return true;
                    }
                }
                if (!process.isAlive()) {
                    Thread.sleep(200);
                    synchronized (lines) {
                        return lines.stream().anyMatch(wanted);
                    }
                }
                Thread.sleep(50);
            }
            return false;
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    Child start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "-Dspring.datasource.url=" + url, "-Dspring.datasource.username=sa",
                "-Dspring.datasource.password=", "org.counterpart.CounterpartApplication"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("COUNTERPART_HOME", home.toString());
        // the scenario's accounts, not its registry: the only registry is the one this test imports
        builder.environment().put("COUNTERPART_DEMO_HOUSEHOLDS", "0");
        builder.environment().remove("COUNTERPART_DB_URL");
        Process process = builder.start();
        started.add(process);
        return new Child(process);
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map.Entry<Long, String> newestRun(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select id, status from import_run order by id desc fetch first 1 rows only")) {
            assertThat(rs.next()).as("a registry run").isTrue();
            return Map.entry(rs.getLong(1), rs.getString(2));
        }
    }
}
