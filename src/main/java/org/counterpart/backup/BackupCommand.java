package org.counterpart.backup;

import org.counterpart.shared.Command;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code backup --out FILE}: every table of the database, in one snapshot, into a zip a restore reads back. */
public final class BackupCommand implements Command {

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String usage() {
        return """
                  backup --out FILE   write every table of the database, read in one snapshot, to a backup
                                      file (a server may keep running); keep the keys/ directory apart
                """;
    }

    @Override
    public boolean accepts(List<String> args) {
        return args.size() == 2 && args.get(0).equals("--out");
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        Path file = Path.of(args.get(1));
        if (Files.exists(file)) {
            err.println(file + " exists already; give a new file name. Nothing was written.");
            return USAGE;
        }
        try {
            Installation installation = Installation.of(context.settings());
            long started = System.nanoTime();
            Dump.Written written = Dump.write(installation, file);
            Manifest m = written.manifest();
            out.printf("Backed up %s to %s: %d tables, %,d rows, schema version %s, audit chain up to entry %d (%.1f s).%n",
                    installation.shownUrl(), file, m.tables().size(), written.rows(), m.schemaVersion(), m.auditHead().seq(),
                    (System.nanoTime() - started) / 1e9);
            out.println("The keys are not in the backup: keep a copy of " + installation.home.resolve("keys") + " (or the COUNTERPART_KEYS_* values)"
                    + " apart from it; a restore needs both.");
            return OK;
        } catch (BackupRefused e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // one line, never a stack trace; the kind and the first line of what stopped it
            err.println("The backup stopped: " + e.getClass().getSimpleName() + ": " + Installation.firstLine(e.getMessage()));
            return FAILED;
        }
    }
}
