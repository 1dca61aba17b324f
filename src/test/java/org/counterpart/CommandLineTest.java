package org.counterpart;

import org.counterpart.shared.Command;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line lists and picks the commands its modules contribute; nothing here starts the application. */
class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandLine commandLine = new CommandLine(CounterpartApplication.class,
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    // the text --help printed when the commands were a switch in this class (contributing them changed nothing), with backup and restore since
    private static final String USAGE_BEFORE = """
            Usage: ./counterpart [command] [options]

            Commands:
              serve               start the web application (the default); Spring options such as
                                  --server.port=9090 may follow
              demo reset [--yes]  delete the embedded database under the data directory and load the
                                  reference scenario again (asks first unless --yes is given)
              audit verify        check that no audit entry was changed or removed
              import households FILE [--dry-run] [--year Y]
                                  import the registry export (XLSX or CSV, one row per member);
                                  --dry-run checks and counts without writing anything
              generate households --count N --year Y[-Y2] [--county CODE] [--out FILE] [--seed S]
                                  [--duplicates K]
                                  write a synthetic registry export in real villages for tests
                                  and benchmarks (default county: all of Liupanshui, 5202)
              backup --out FILE   write every table of the database, read in one snapshot, to a backup
                                  file (a server may keep running); keep the keys/ directory apart
              restore FILE [--replace]
                                  restore a backup into an empty database with the keys/ it was made
                                  with; --replace deletes everything in the database first
              report dispatch --month YYYY-MM --format pdf|xlsx --out FILE [--lang zh|en] [--list N]
                                  write the monthly dispatch report of that month (Chinese by default;
                                  the list of the month's year, or responsibility list N)
              --help              show this text

            Environment:
              COUNTERPART_HOME          data directory (default ./data)
              COUNTERPART_DB_URL        a PostgreSQL JDBC URL instead of the embedded database
              COUNTERPART_DB_USER, COUNTERPART_DB_PASSWORD
            """;

    @Test
    void helpListsEveryContributedCommandAsBefore() {
        assertThat(commandLine.run(new String[]{"--help"})).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).isEqualTo(USAGE_BEFORE);
        var contributed = ServiceLoader.load(Command.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(contributed).extracting(Command::name)
                .containsExactly("demo reset", "audit verify", "import households", "generate households", "backup", "restore",
                        "report dispatch");
        contributed.forEach(c -> assertThat(help).contains("  " + c.name()));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithTheHelpText() {
        assertThat(commandLine.run(new String[]{"audit", "repair"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown command: audit repair").endsWith(USAGE_BEFORE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aCommandMissingWhatItNeedsIsUnknownToo() {
        assertThat(commandLine.run(new String[]{"import", "households"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown command: import households");
    }

    @Test
    void aMissingFileIsRefusedBeforeAnythingStarts() {
        assertThat(commandLine.run(new String[]{"import", "households", "no-such-file.csv"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("No such file: no-such-file.csv" + System.lineSeparator());
    }

    @Test
    void aBackupWithoutItsFileIsUnknownAndARestoreOfNoFileIsRefusedBeforeAnythingStarts() {
        assertThat(commandLine.run(new String[]{"backup"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown command: backup");
        err.reset();
        assertThat(commandLine.run(new String[]{"restore", "no-such-backup.zip"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("No such file: no-such-backup.zip" + System.lineSeparator());
    }

    @Test
    void aBackupBesideAProcessHoldingTheEmbeddedDatabaseIsRefusedInOneLine() throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("counterpart-backup-in-use");
        String url = "jdbc:h2:file:" + home.resolve("db/counterpart").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        String before = System.getProperty("spring.datasource.url");
        Process server = org.counterpart.support.HoldsTheDatabase.start(url);
        try {
            System.setProperty("spring.datasource.url", url);
            int status = commandLine.run(new String[]{"backup", "--out", home.resolve("backup.zip").toString()});
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(status).isEqualTo(1);
            assertThat(said.strip()).doesNotContain("\n").doesNotContain("Exception").contains("open in another Counterpart process");
            assertThat(home.resolve("backup.zip")).doesNotExist();
        } finally {
            server.getOutputStream().close();
            server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            server.destroyForcibly();
            if (before == null) {
                System.clearProperty("spring.datasource.url");
            } else {
                System.setProperty("spring.datasource.url", before);
            }
            try (var files = java.nio.file.Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void generatingWithoutACountSaysSoAndShowsTheHelpText() {
        assertThat(commandLine.run(new String[]{"generate", "households", "--year", "2018"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("generate households: --count is required").endsWith(USAGE_BEFORE);
    }

    @Test
    void aCommandBesideAProcessHoldingTheEmbeddedDatabaseIsRefusedInOneLineWithoutAStackTrace() throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("counterpart-in-use");
        String url = "jdbc:h2:file:" + home.resolve("db/counterpart").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        String before = System.getProperty("spring.datasource.url");
        // another process holds the file, as a running server does
        Process server = org.counterpart.support.HoldsTheDatabase.start(url);
        try {
            System.setProperty("spring.datasource.url", url);
            int status = commandLine.run(new String[]{"audit", "verify"});
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(status).isEqualTo(1);
            assertThat(said.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ")
                    .contains("open in another Counterpart process").contains("COUNTERPART_DB_URL");
        } finally {
            server.getOutputStream().close();
            server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            server.destroyForcibly();
            if (before == null) {
                System.clearProperty("spring.datasource.url");
            } else {
                System.setProperty("spring.datasource.url", before);
            }
            try (var files = java.nio.file.Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
