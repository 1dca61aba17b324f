package org.counterpart;

import org.counterpart.identity.CurrentUser;
import org.counterpart.shared.Command;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code ./counterpart}: {@code serve} (the default) starts the web application; every other command
 * is contributed by its module (see {@link Command}) and starts the same services without the web
 * server, does its work as the system itself and exits with 0 for success, 1 for a failed check and 2
 * for a usage error.
 */
final class CommandLine {

    private static final String HEAD = """
            Usage: ./counterpart [command] [options]

            Commands:
              serve               start the web application (the default); Spring options such as
                                  --server.port=9090 may follow
            """;

    private static final String TAIL = """
              --help              show this text

            Environment:
              COUNTERPART_HOME          data directory (default ./data)
              COUNTERPART_DB_URL        a PostgreSQL JDBC URL instead of the embedded database
              COUNTERPART_DB_USER, COUNTERPART_DB_PASSWORD
            """;

    private final Class<?> application;
    private final List<Command> commands;
    private final PrintStream out;
    private final PrintStream err;

    CommandLine(Class<?> application) {
        this(application, System.out, System.err);
    }

    CommandLine(Class<?> application, PrintStream out, PrintStream err) {
        this.application = application;
        this.commands = ServiceLoader.load(Command.class, CommandLine.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
        this.out = out;
        this.err = err;
    }

    /** The help text: serve, then each contributed command in the order of their listing. */
    String usage() {
        StringBuilder text = new StringBuilder(HEAD);
        commands.forEach(c -> text.append(c.usage()));
        return text.append(TAIL).toString();
    }

    /** Runs a command; a negative result means a server is running and the process must stay up. */
    int run(String[] args) {
        if (args.length == 0 || (args[0].startsWith("--") && !args[0].equals("--help"))) {
            return serve(args);
        }
        if (args[0].equals("serve")) {
            return serve(Arrays.copyOfRange(args, 1, args.length));
        }
        if (List.of("--help", "-h", "help").contains(args[0])) {
            out.print(usage());
            return Command.OK;
        }
        Optional<Command> chosen = commands.stream().filter(c -> selects(c, args)).findFirst();
        if (chosen.isEmpty()) {
            err.println("Unknown command: " + String.join(" ", args));
            err.print(usage());
            return Command.USAGE;
        }
        Command command = chosen.get();
        List<String> rest = List.of(args).subList(command.name().split(" ").length, args.length);
        try (Offline context = new Offline()) {
            return CurrentUser.asSystem(() -> command.run(rest, context, out, err));
        } catch (NotStarted e) {
            err.println(e.getMessage());
            return Command.FAILED;
        }
    }

    /** The web application; when it cannot start, what is wrong was already said by its failure report. */
    private int serve(String[] args) {
        try {
            new SpringApplicationBuilder(application).run(args);
            return -1;
        } catch (RuntimeException e) {
            err.println(DatabaseInUse.explain(e));
            return Command.FAILED;
        }
    }

    /** The application behind a command did not start; the message says why in one line. */
    private static final class NotStarted extends RuntimeException {
        NotStarted(String message) {
            super(message);
        }
    }

    private static boolean selects(Command command, String[] args) {
        List<String> words = List.of(command.name().split(" "));
        return args.length >= words.size() && List.of(args).subList(0, words.size()).equals(words)
                && command.accepts(List.of(args).subList(words.size(), args.length));
    }

    /** The application without its web server, started when a command first asks for a service. */
    private final class Offline implements Command.Context, AutoCloseable {
        private ConfigurableApplicationContext context;

        @Override
        public <T> T bean(Class<T> type) {
            if (context == null) {
                try {
                    context = new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run();
                } catch (RuntimeException e) {
                    throw new NotStarted(DatabaseInUse.explain(e));
                }
            }
            return context.getBean(type);
        }

        @Override
        public String usage() {
            return CommandLine.this.usage();
        }

        @Override
        public void close() {
            if (context != null) {
                context.close();
            }
        }
    }
}
