package org.counterpart;

import org.counterpart.audit.AuditLog;
import org.counterpart.registry.RegistryGenerator;
import org.counterpart.registry.RegistryImport;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The subcommands of {@code ./counterpart}. Tasks other than {@code serve} start the same services
 * without the web server, do their work and exit with 0 for success, 1 for a failed check and 2 for
 * a usage error.
 */
final class CommandLine {

    static final String USAGE = """
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
              --help              show this text

            Environment:
              COUNTERPART_HOME          data directory (default ./data)
              COUNTERPART_DB_URL        a PostgreSQL JDBC URL instead of the embedded database
              COUNTERPART_DB_USER, COUNTERPART_DB_PASSWORD
            """;

    private final Class<?> application;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    CommandLine(Class<?> application) {
        this.application = application;
    }

    /** Runs a command; a negative result means a server is running and the process must stay up. */
    int run(String[] args) {
        String command = args.length == 0 || (args[0].startsWith("--") && !args[0].equals("--help")) ? "serve" : args[0];
        String[] rest = command.equals("serve") && args.length > 0 && args[0].equals("serve")
                ? Arrays.copyOfRange(args, 1, args.length)
                : command.equals("serve") ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve":
                new SpringApplicationBuilder(application).run(rest);
                return -1;
            case "--help":
            case "-h":
            case "help":
                out.print(USAGE);
                return 0;
            case "demo":
                if (rest.length >= 1 && rest[0].equals("reset")) {
                    return demoReset(Arrays.asList(rest).contains("--yes"));
                }
                break;
            case "audit":
                if (rest.length >= 1 && rest[0].equals("verify")) {
                    return auditVerify();
                }
                break;
            case "import":
                if (rest.length >= 2 && rest[0].equals("households")) {
                    return importHouseholds(Arrays.copyOfRange(rest, 1, rest.length));
                }
                break;
            case "generate":
                if (rest.length >= 1 && rest[0].equals("households")) {
                    return generateHouseholds(Arrays.copyOfRange(rest, 1, rest.length));
                }
                break;
            default:
                break;
        }
        err.println("Unknown command: " + String.join(" ", args));
        err.print(USAGE);
        return 2;
    }

    private int demoReset(boolean confirmed) {
        if (System.getenv("COUNTERPART_DB_URL") != null) {
            err.println("demo reset only wipes the embedded database; COUNTERPART_DB_URL points elsewhere. Nothing was changed.");
            return 2;
        }
        Path home = Path.of(System.getenv().getOrDefault("COUNTERPART_HOME", "data"));
        Path db = home.resolve("db");
        if (!confirmed) {
            out.print("This deletes every record in " + db.toAbsolutePath() + " and loads the demo again. Type yes to go on: ");
            out.flush();
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
                out.println("\nNothing was changed.");
                return 1;
            }
        }
        deleteTree(db);
        out.println("Deleted " + db + "; loading the reference scenario ...");
        try (ConfigurableApplicationContext ignored = offline()) {
            out.println("Done. Start the system with ./counterpart");
        }
        return 0;
    }

    private int auditVerify() {
        try (ConfigurableApplicationContext context = offline()) {
            AuditLog.Verification v = context.getBean(AuditLog.class).verify();
            if (v.intact()) {
                out.println("Audit log intact: " + v.entries() + " entries verified.");
                return 0;
            }
            out.println("Audit log BROKEN at entry " + v.firstBrokenSeq().orElseThrow() + " of " + v.entries()
                    + ": that entry or one before it was changed or removed.");
            return 1;
        }
    }

    private int importHouseholds(String[] args) {
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            err.println("No such file: " + file);
            return 2;
        }
        boolean dryRun = Arrays.asList(args).contains("--dry-run");
        java.util.OptionalInt year = option(args, "--year").map(y -> java.util.OptionalInt.of(Integer.parseInt(y))).orElse(java.util.OptionalInt.empty());
        try (ConfigurableApplicationContext context = offline()) {
            RegistryImport imports = context.getBean(RegistryImport.class);
            long started = System.nanoTime();
            TerminalProgress progress = new TerminalProgress(out, dryRun, System.console() != null);
            RegistryImport.Result r = imports.run(file, file.getFileName().toString(), new RegistryImport.Options(dryRun, year), progress);
            progress.finish();
            var messages = context.getBean(org.springframework.context.MessageSource.class);
            if (r.fileRefused().isPresent()) {
                var e = r.fileRefused().get();
                err.println(messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), java.util.Locale.ENGLISH));
                return 1;
            }
            out.printf("%s %s: %,d rows read, %,d refused; households: %,d new, %,d updated, %,d unchanged, %,d held back (%.1f s)%n",
                    dryRun ? "Dry run of" : "Imported", file.getFileName(), r.rowsRead(), r.rowsRefused(), r.householdsNew(),
                    r.householdsUpdated(), r.householdsUnchanged(), r.householdsRefused(), (System.nanoTime() - started) / 1e9);
            r.problems().stream().limit(20).forEach(p -> out.printf("  row %d, %s, \"%s\": %s%n", p.line(), p.column(), p.shownValue(),
                    messages.getMessage(p.messageKey(), p.arguments().toArray(), p.messageKey(), java.util.Locale.ENGLISH)));
            if (r.problems().size() > 20) {
                out.println("  ... and more: see the import's report on the imports page (run " + r.runId() + ").");
            }
            return r.rowsRefused() + r.householdsRefused() > 0 ? 1 : 0;
        }
    }

    private int generateHouseholds(String[] args) {
        try {
            int count = Integer.parseInt(option(args, "--count").orElseThrow(() -> new IllegalArgumentException("--count is required")));
            String years = option(args, "--year").orElseThrow(() -> new IllegalArgumentException("--year is required"));
            String[] range = years.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            java.util.List<Integer> yearList = java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
            Path target = Path.of(option(args, "--out").orElse("households-" + years + ".csv"));
            try (ConfigurableApplicationContext context = offline()) {
                var regions = context.getBean(org.counterpart.geography.Regions.class);
                var area = regions.code(option(args, "--county").orElse("5202"));
                long rows = context.getBean(RegistryGenerator.class).write(new RegistryGenerator.Spec(count, yearList, area,
                        Long.parseLong(option(args, "--seed").orElse("2018")), Integer.parseInt(option(args, "--duplicates").orElse("0"))), target);
                out.printf("Wrote %,d member rows of %,d households (%s) to %s%n", rows, count, years, target);
                return 0;
            }
        } catch (RuntimeException e) {
            err.println("generate households: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static java.util.Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return java.util.Optional.of(args[i + 1]);
            }
        }
        return java.util.Optional.empty();
    }

    private ConfigurableApplicationContext offline() {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The progress of an import on the terminal: the stage, rows done of the stage's total, rows per
     * second and the time the stage still needs; redrawn in place four times a second on a terminal,
     * a line every five seconds when the output goes to a file.
     */
    static final class TerminalProgress extends org.counterpart.shared.ProgressTracker implements org.counterpart.registry.ImportProgress {
        private final PrintStream out;
        private final boolean dryRun;
        private final boolean interactive;
        private long shown;

        TerminalProgress(PrintStream out, boolean dryRun, boolean interactive) {
            this.out = out;
            this.dryRun = dryRun;
            this.interactive = interactive;
        }

        @Override
        public synchronized void done(long rows) {
            super.done(rows);
            long now = System.nanoTime();
            if (now - shown > (interactive ? 250_000_000L : 5_000_000_000L)) {
                shown = now;
                show();
            }
        }

        @Override
        protected synchronized void stageEnds() {
            finish();
        }

        synchronized void finish() {
            show();
            if (interactive) {
                out.println();
            }
        }

        private void show() {
            String what = stage() == Stage.CHECKING ? "checking rows" : (dryRun ? "comparing" : "writing") + " (now " + year() + ")";
            String left = done() < total() ? secondsLeft().stream().mapToObj(s -> String.format(", about %,d s left", s)).findFirst().orElse("") : "";
            out.printf("%s  %s: %,d of %,d rows, %,d rows/s%s%s", interactive ? "\r" : "", what, done(), Math.max(total(), done()),
                    rowsPerSecond(), left, interactive ? "        " : System.lineSeparator());
            out.flush();
        }
    }
}
