package org.counterpart.demo;

import org.counterpart.shared.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code demo reset}: wipes the embedded database and loads the reference scenario again, as on a first start. */
public final class DemoResetCommand implements Command {

    @Override
    public String name() {
        return "demo reset";
    }

    @Override
    public String usage() {
        return """
                  demo reset [--yes]  delete the embedded database under the data directory and load the
                                      reference scenario again (asks first unless --yes is given)
                """;
    }

    @Override
    public int run(List<String> args, Context context, PrintStream out, PrintStream err) {
        if (System.getenv("COUNTERPART_DB_URL") != null) {
            err.println("demo reset only wipes the embedded database; COUNTERPART_DB_URL points elsewhere. Nothing was changed.");
            return USAGE;
        }
        Path home = Path.of(System.getenv().getOrDefault("COUNTERPART_HOME", "data"));
        Path db = home.resolve("db");
        if (!args.contains("--yes")) {
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
                return FAILED;
            }
        }
        deleteTree(db);
        // the audit chain's checkpoint belongs to the database just deleted; a new one starts with the new chain
        try {
            Files.deleteIfExists(home.resolve("audit/checkpoint.properties"));
        } catch (IOException e) {
            err.println("The audit checkpoint " + home.resolve("audit/checkpoint.properties") + " could not be removed: remove it by hand, "
                    + "or audit verify reports the new chain as behind it.");
        }
        out.println("Deleted " + db + "; loading the reference scenario ...");
        // starting the application on the empty database loads the scenario
        context.bean(ReferenceScenario.class);
        out.println("Done. Start the system with ./counterpart");
        return OK;
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
}
