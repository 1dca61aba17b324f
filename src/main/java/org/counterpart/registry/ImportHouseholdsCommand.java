package org.counterpart.registry;

import org.counterpart.shared.Command;
import org.springframework.context.MessageSource;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code import households}: the registry import of the pages, on the terminal, with its progress. */
public final class ImportHouseholdsCommand implements Command {

    @Override
    public String name() {
        return "import households";
    }

    @Override
    public String usage() {
        return """
                  import households FILE [--dry-run] [--year Y]
                                      import the registry export (XLSX or CSV, one row per member);
                                      --dry-run checks and counts without writing anything
                """;
    }

    @Override
    public boolean accepts(List<String> args) {
        return !args.isEmpty();
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            err.println("No such file: " + file);
            return USAGE;
        }
        boolean dryRun = args.contains("--dry-run");
        OptionalInt year = option(args, "--year").map(y -> OptionalInt.of(Integer.parseInt(y))).orElse(OptionalInt.empty());
        RegistryImport imports = context.bean(RegistryImport.class);
        long started = System.nanoTime();
        TerminalProgress progress = new TerminalProgress(out, dryRun, System.console() != null);
        RegistryImport.Result r = imports.run(file, file.getFileName().toString(), new RegistryImport.Options(dryRun, year), progress);
        progress.finish();
        MessageSource messages = context.bean(MessageSource.class);
        if (r.fileRefused().isPresent()) {
            var e = r.fileRefused().get();
            err.println(messages.getMessage(e.messageKey(), e.arguments(), e.messageKey(), Locale.ENGLISH));
            return FAILED;
        }
        out.printf("%s %s: %,d rows read, %,d refused; households: %,d new, %,d updated, %,d unchanged, %,d held back (%.1f s)%n",
                dryRun ? "Dry run of" : "Imported", file.getFileName(), r.rowsRead(), r.rowsRefused(), r.householdsNew(),
                r.householdsUpdated(), r.householdsUnchanged(), r.householdsRefused(), (System.nanoTime() - started) / 1e9);
        r.problems().stream().limit(20).forEach(p -> out.printf("  row %d, %s, \"%s\": %s%n", p.line(), p.column(), p.shownValue(),
                messages.getMessage(p.messageKey(), p.arguments().toArray(), p.messageKey(), Locale.ENGLISH)));
        if (r.problems().size() > 20) {
            out.println("  ... and more: see the import's report on the imports page (run " + r.runId() + ").");
        }
        return r.rowsRefused() + r.householdsRefused() > 0 ? FAILED : OK;
    }

    /** The value after an option's name, if given. */
    static Optional<String> option(List<String> args, String name) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The progress of an import on the terminal: the stage, rows done of the stage's total, rows per
     * second and the time the stage still needs; redrawn in place four times a second on a terminal,
     * a line every five seconds when the output goes to a file.
     */
    static final class TerminalProgress extends org.counterpart.shared.ProgressTracker implements ImportProgress {
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
