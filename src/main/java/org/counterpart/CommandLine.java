package org.counterpart;

import org.counterpart.audit.AuditLog;
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
}
