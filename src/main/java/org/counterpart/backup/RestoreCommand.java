package org.counterpart.backup;

import org.counterpart.shared.Command;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code restore FILE [--replace]}: a backup into an empty database (or one emptied first), checked before it commits. */
public final class RestoreCommand implements Command {

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public String usage() {
        return """
                  restore FILE [--replace]
                                      restore a backup into an empty database with the keys/ it was made
                                      with; --replace deletes everything in the database first
                """;
    }

    @Override
    public boolean accepts(List<String> args) {
        return !args.isEmpty() && !args.get(0).startsWith("--") && args.stream().skip(1).allMatch("--replace"::equals);
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        Path file = Path.of(args.get(0));
        if (!Files.isRegularFile(file)) {
            err.println("No such file: " + file);
            return USAGE;
        }
        try {
            Installation installation = Installation.of(context.settings());
            long started = System.nanoTime();
            Load.Restored restored = Load.restore(installation, file, args.contains("--replace"), out);
            Manifest m = restored.manifest();
            out.printf("Restored %s (made %s from %s) into %s: %d tables, %,d rows, schema version %s (%.1f s).%n", file, m.createdAt(),
                    m.madeFrom(), installation.shownUrl(), m.tables().size(), restored.rows(), m.schemaVersion(), (System.nanoTime() - started) / 1e9);
            out.println("Audit log intact: " + restored.audit().entries() + " entries verified with the audit key in place; the checkpoint "
                    + installation.checkpointFile + " now holds entry " + m.auditHead().seq() + "."
                    + restored.checkpointKeptAside().map(p -> " The checkpoint it replaced is kept as " + p + ".").orElse(""));
            return OK;
        } catch (BackupRefused e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // one line, never a stack trace; the kind and the first line of what stopped it
            err.println("The restore stopped: " + e.getClass().getSimpleName() + ": " + Installation.firstLine(e.getMessage()));
            return FAILED;
        }
    }
}
